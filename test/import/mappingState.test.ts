/** The mapping a user edits before an import: choices on top of the headers' plan, suggestions only when accepted. */
import fc from "fast-check";
import { planColumns } from "../../src/import/columns";
import {
  acceptSuggestion,
  chooseColumn,
  currentPlan,
  rebaseMapping,
  startMapping,
} from "../../src/import/mappingState";

const FIELDS = ["project", "measure", "forecast", "owner"] as const;
type Field = (typeof FIELDS)[number];
const SYN: Record<Field, string[]> = {
  project: [],
  measure: ["initiative"],
  forecast: ["forecast savings"],
  owner: [],
};
const HEADERS = ["Project Code", "Initiative", "Forecast Savings", "Lead", "Notes"];
const auto = () => planColumns(HEADERS, [], FIELDS, SYN);

describe("mapping state", () => {
  test("untouched, it is the headers' plan: exact matches applied, the partial one only suggested", () => {
    const plan = currentPlan(startMapping(auto()), HEADERS);
    expect(plan.mapping).toEqual({ measure: 1, forecast: 2 });
    expect(plan.source).toEqual({ measure: "exact", forecast: "exact" });
    expect(plan.suggestions).toEqual([{ field: "project", column: 0, why: 'header starts with "project"' }]);
    expect(plan.problems).toEqual([]);
  });

  test("accepting a suggestion maps its column as a suggestion and takes it off the open list", () => {
    const state = acceptSuggestion(startMapping(auto()), "project");
    const plan = currentPlan(state, HEADERS);
    expect(plan.mapping.project).toBe(0);
    expect(plan.source.project).toBe("suggestion");
    expect(plan.suggestions).toEqual([]);
    // A field with nothing suggested is left as it was.
    expect(acceptSuggestion(state, "owner")).toBe(state);
  });

  test("a chosen column is 'chosen'; choosing the header's own column again is an exact match again", () => {
    let state = chooseColumn(startMapping(auto()), "owner", 3);
    expect(currentPlan(state, HEADERS).source.owner).toBe("chosen");
    state = chooseColumn(state, "measure", 4);
    expect(currentPlan(state, HEADERS).mapping.measure).toBe(4);
    state = chooseColumn(state, "measure", 1);
    expect(state.choices).toEqual({ owner: 3 });
    expect(currentPlan(state, HEADERS).source.measure).toBe("exact");
  });

  test("leaving a field unmapped clears it and withdraws its suggestion; choosing again undoes that", () => {
    let state = chooseColumn(startMapping(auto()), "forecast", null);
    state = chooseColumn(state, "project", null);
    const plan = currentPlan(state, HEADERS);
    expect(plan.mapping).toEqual({ measure: 1 });
    expect(plan.cleared.sort()).toEqual(["forecast", "project"]);
    expect(plan.suggestions).toEqual([]);
    const back = currentPlan(chooseColumn(state, "forecast", 2), HEADERS);
    expect(back.mapping.forecast).toBe(2);
    expect(back.cleared).toEqual(["project"]);
  });

  test("one column for two fields is a problem naming both, in the command line's words", () => {
    const plan = currentPlan(chooseColumn(startMapping(auto()), "owner", 1), HEADERS);
    expect(plan.mapping).toMatchObject({ measure: 1, owner: 1 });
    expect(plan.problems.map((p) => p.message)).toEqual([
      'the column "Initiative" is chosen for both measure and owner; a column feeds one field',
    ]);
    // The command line's --map says the same of the same choice.
    const cli = planColumns(
      HEADERS,
      [
        { field: "measure", header: "Initiative" },
        { field: "owner", header: "Initiative" },
      ],
      FIELDS,
      SYN,
    );
    expect(cli.problems.map((p) => p.message)).toEqual(plan.problems.map((p) => p.message));
  });

  test("rebased on a new plan, edits carry over: a choice now decided by the headers is no edit any more", () => {
    let state = acceptSuggestion(startMapping(auto()), "project");
    state = chooseColumn(state, "owner", 3);
    state = chooseColumn(state, "forecast", null);
    // The headers now decide the project exactly, and offer Lead as the owner.
    const next = planColumns(HEADERS, [], FIELDS, { ...SYN, project: ["project code"], owner: [] });
    const rebased = rebaseMapping(state, next);
    expect(rebased.choices).toEqual({ owner: 3, forecast: null });
    expect(rebased.accepted).toEqual([]);
    const plan = currentPlan(rebased, HEADERS);
    expect(plan.source).toEqual({ project: "exact", measure: "exact", owner: "chosen" });
    // An accepted suggestion still offered stays accepted.
    expect(rebaseMapping(acceptSuggestion(startMapping(auto()), "project"), auto()).accepted).toEqual(["project"]);
  });

  test("edits never change the state they start from", () => {
    const start = startMapping(auto());
    const frozen = JSON.stringify(start);
    acceptSuggestion(chooseColumn(chooseColumn(start, "owner", 3), "measure", null), "project");
    expect(JSON.stringify(start)).toBe(frozen);
  });

  test("property: the last edit of each field decides it; problems count the columns fed twice", () => {
    const edit = fc.oneof(
      fc.record({
        kind: fc.constant("choose" as const),
        field: fc.constantFrom(...FIELDS),
        column: fc.option(fc.integer({ min: 0, max: HEADERS.length - 1 }), { nil: null }),
      }),
      fc.record({ kind: fc.constant("accept" as const), field: fc.constantFrom(...FIELDS) }),
    );
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 12 }), (edits) => {
        const base = auto();
        let state = startMapping(base);
        // The reference: each field's column after the edits, replayed naively.
        const expected = new Map<Field, number | undefined>(FIELDS.map((f) => [f, base.mapping[f]]));
        for (const e of edits) {
          if (e.kind === "choose") {
            state = chooseColumn(state, e.field, e.column);
            expected.set(e.field, e.column ?? undefined);
          } else {
            state = acceptSuggestion(state, e.field);
            const offered = base.suggestions.find((s) => s.field === e.field);
            if (offered) expected.set(e.field, offered.column);
          }
        }
        const plan = currentPlan(state, HEADERS);
        for (const f of FIELDS) expect(plan.mapping[f]).toBe(expected.get(f));
        const columns = Object.values(plan.mapping) as number[];
        expect(plan.problems.length).toBe(columns.length - new Set(columns).size);
        for (const s of plan.suggestions) expect(plan.mapping[s.field as Field]).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
