// The manifest is written with development URLs (https://localhost:3000/); a production
// build replaces that base with ADDIN_BASE_URL. Used by webpack.config.js and its test.
const DEV_BASE_URL = "https://localhost:3000/";

/** Checks and normalises a production base URL (https only, ending in a slash). */
function normaliseBaseUrl(url) {
  if (!url) return DEV_BASE_URL;
  if (!/^https:\/\/[^\s"'<>&]+$/.test(url)) {
    throw new Error(`ADDIN_BASE_URL must be an https:// URL without spaces or quotes, got "${url}"`);
  }
  return url.endsWith("/") ? url : url + "/";
}

/** Rewrites every development URL of the manifest text to the given base URL. */
function rewriteManifestUrls(manifestText, baseUrl) {
  const base = normaliseBaseUrl(baseUrl);
  const origin = new URL(base).origin;
  return manifestText
    .split(DEV_BASE_URL)
    .join(base)
    .split("<AppDomain>https://localhost:3000</AppDomain>")
    .join(`<AppDomain>${origin}</AppDomain>`);
}

module.exports = { DEV_BASE_URL, normaliseBaseUrl, rewriteManifestUrls };
