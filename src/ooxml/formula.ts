/**
 * A formula as an .xlsx file stores it: the one rewrite every writer applies, to the product's
 * own formulas and to the client's cells alike.
 *
 * - An add-in's custom function `GOV.NAME(` is stored as `_xldudf_GOV_NAME(` (Excel shows it
 *   as GOV.NAME once the add-in has loaded; a plain "GOV.NAME" in a file is an unknown name).
 * - Built-ins added to Excel after 2007 are stored with the `_xlfn.` prefix (`IFS(` is stored
 *   `_xlfn.IFS(`), and the dynamic-array ones Excel keeps in a worksheet namespace also with
 *   `_xlws.` (`_xlfn._xlws.FILTER(`). A prefix already there is kept. The list follows
 *   [MS-XLSX] 2.3.3 (future functions) as far as Excel 365's current functions.
 * - The leading `=` is dropped (files store the formula without it).
 *
 * Text inside string literals ("...") and quoted sheet names ('...') is never touched.
 * Cost: one pass over the formula text.
 */

/** Functions Excel stores as `_xlfn.NAME` (upper case; the names containing dots are whole names). */
const FUTURE_FUNCTIONS = new Set(
  (
    "ACOT ACOTH AGGREGATE ARABIC ARRAYTOTEXT BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV " +
    "BITAND BITLSHIFT BITOR BITRSHIFT BITXOR BYCOL BYROW CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT " +
    "CHISQ.INV CHISQ.INV.RT CHISQ.TEST CHOOSECOLS CHOOSEROWS COMBINA CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH " +
    "COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL DROP ECMA.CEILING ERF.PRECISE ERFC.PRECISE EXPAND EXPON.DIST " +
    "F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FIELDVALUE FILTERXML FLOOR.MATH FLOOR.PRECISE FORECAST.ETS " +
    "FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST " +
    "GAMMA.INV GAMMALN.PRECISE GAUSS HSTACK HYPGEOM.DIST IFNA IFS IMAGE IMCOSH IMCOT IMCSC IMCSCH IMSEC IMSECH " +
    "IMSINH IMTAN ISFORMULA ISO.CEILING ISOMITTED ISOWEEKNUM LAMBDA LET LOGNORM.DIST LOGNORM.INV MAKEARRAY MAP " +
    "MAXIFS MINIFS MODE.MULT MODE.SNGL MUNIT NEGBINOM.DIST NETWORKDAYS.INTL NORM.DIST NORM.INV NORM.S.DIST " +
    "NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC PERMUTATIONA " +
    "PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC QUERYSTRING RANK.AVG RANK.EQ REDUCE REGEXEXTRACT REGEXREPLACE " +
    "REGEXTEST RRI SCAN SEC SECH SHEET SHEETS SKEW.P STDEV.P STDEV.S SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV " +
    "T.INV.2T T.TEST TAKE TEXTAFTER TEXTBEFORE TEXTJOIN TEXTSPLIT TOCOL TOROW UNICHAR UNICODE VALUETOTEXT VAR.P " +
    "VAR.S VSTACK WEBSERVICE WEIBULL.DIST WORKDAY.INTL WRAPCOLS WRAPROWS XLOOKUP XMATCH XOR Z.TEST"
  ).split(" "),
);

/** Dynamic-array functions Excel stores as `_xlfn._xlws.NAME`. */
const WORKSHEET_FUNCTIONS = new Set(["FILTER", "SORT"]);

/** Also stored `_xlfn.NAME`, but without `_xlws.` (they are not in the worksheet namespace). */
const FUTURE_ARRAY_FUNCTIONS = new Set(["ANCHORARRAY", "RANDARRAY", "SEQUENCE", "SORTBY", "UNIQUE", "SINGLE"]);

/** A function name followed by "(": letters, digits, dots and underscores, as Excel allows (sticky: matched at one position). */
const NAME_CALL_SOURCE = "[A-Za-z_][A-Za-z0-9_.]*(?=\\()";

/**
 * The stored form of one function name (without the parenthesis), or the name unchanged.
 * @example storedFunctionName("ifs") // => "_xlfn.IFS"
 */
export function storedFunctionName(name: string): string {
  const upper = name.toUpperCase();
  if (upper.startsWith("GOV.") && /^GOV\.[A-Z][A-Z0-9_]*$/.test(upper)) return "_xldudf_GOV_" + upper.slice(4);
  if (WORKSHEET_FUNCTIONS.has(upper)) return "_xlfn._xlws." + upper;
  if (FUTURE_FUNCTIONS.has(upper) || FUTURE_ARRAY_FUNCTIONS.has(upper)) return "_xlfn." + upper;
  return name;
}

/**
 * A formula as the file stores it: no leading "=", custom functions as `_xldudf_`, newer
 * built-ins with `_xlfn.`. Idempotent: a stored formula is returned unchanged.
 * @param formula - The formula as typed ("=GOV.ELAPSED(A2,B2)") or as stored.
 * @returns The stored text.
 * @example storedFormula("=GOV.DUAL_STATUS(D5,E5)") // => "_xldudf_GOV_DUAL_STATUS(D5,E5)"
 * @example storedFormula("=IFS(A1>1,\"IFS(\",TRUE,0)") // => "_xlfn.IFS(A1>1,\"IFS(\",TRUE,0)"
 * @example storedFormula("_xlfn.IFS(A1,1)") // => "_xlfn.IFS(A1,1)"
 */
export function storedFormula(formula: string): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  // Most formulas hold no call to rewrite: one native scan answers for them (see mayNeedRewrite).
  return REWRITE_CALL.test(body) ? rewriteCalls(body) : body;
}

/**
 * The character-by-character pass of {@link storedFormula}, without its fast path (exported
 * so a test can prove the fast path never passes over a call this pass would rewrite).
 * Cost: one pass over the text.
 * @example rewriteCalls("IF(GOV.ELAPSED(A1,B1)>2,1,0)") // => "IF(_xldudf_GOV_ELAPSED(A1,B1)>2,1,0)"
 */
export function rewriteCalls(body: string): string {
  const nameCall = new RegExp(NAME_CALL_SOURCE, "y");
  let out = "";
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === '"' || ch === "'") {
      // A string literal or a quoted sheet name: copied to its closing quote (doubled quotes stay inside).
      let j = i + 1;
      for (;;) {
        if (j >= body.length) break;
        if (body[j] === ch) {
          if (body[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += body.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const before = i === 0 ? "" : body[i - 1];
    if (/[A-Za-z_]/.test(ch) && !/[A-Za-z0-9_.!$\]]/.test(before)) {
      nameCall.lastIndex = i;
      const m = nameCall.exec(body);
      if (m) {
        const name = m[0];
        // A name already prefixed (`_xlfn.IFS`, `_xlfn._xlws.SORT`, `_xldudf_...`) is stored as it is.
        out += /^_xl(fn|ws|udf)/i.test(name) ? name : storedFunctionName(name);
        i += name.length;
        continue;
      }
      // A plain name or reference: copy the whole word so its tail is not read as a call.
      let j = i;
      while (j < body.length && /[A-Za-z0-9_.]/.test(body[j])) j++;
      out += body.slice(i, j);
      i = j;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/**
 * True when a stored formula would change under {@link storedFormula}: a cheap test for
 * whether a client's cell needs rewriting.
 * @example needsRewrite("SUM(A1:A3)") // => false
 * @example needsRewrite("GOV.ELAPSED(A1,B1)") // => true
 */
export function needsRewrite(stored: string): boolean {
  return storedFormula(stored) !== (stored.startsWith("=") ? stored.slice(1) : stored);
}

/** A call that {@link storedFormula} would rewrite: GOV.NAME( or a newer built-in not after a prefix. */
const REWRITE_CALL = new RegExp(
  "(?<![\\w.])(?:GOV\\.[A-Za-z]|(?:" +
    [...FUTURE_FUNCTIONS, ...WORKSHEET_FUNCTIONS, ...FUTURE_ARRAY_FUNCTIONS]
      .sort((a, b) => b.length - a.length)
      .map((n) => n.replace(/\./g, "\\."))
      .join("|") +
    ")\\()",
  "i",
);

/**
 * A cheap test over any text (a whole sheet's XML): might a formula in it need rewriting?
 * Says yes for every text that holds such a call; may say yes for a text that only mentions one.
 * Cost: one regular-expression scan.
 * @example mayNeedRewrite("<f>_xlfn.IFS(A1,1)</f>") // => false
 * @example mayNeedRewrite("<f>GOV.ELAPSED(A1,B1)</f>") // => true
 */
export function mayNeedRewrite(text: string): boolean {
  return REWRITE_CALL.test(text);
}

/**
 * The rules {@link storedFormula} applies, as one text: the revision of how calls are rewritten
 * (raise it when {@link rewriteCalls} changes what it rewrites) and the pattern of the calls it
 * rewrites, which holds every function name. A record that a sheet holds no formula to rewrite
 * (the package writer's scan record) is made under these rules and holds for them only: a
 * release that stores one more function with `_xlfn.` has another text, and scans again.
 * @example FORMULA_RULES.startsWith("1 ") // => true
 */
export const FORMULA_RULES = `1 ${REWRITE_CALL.source}`;
