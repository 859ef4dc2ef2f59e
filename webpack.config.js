// Builds dist/: the custom-functions bundle and its metadata, the task pane, the manifest and icons.
// ADDIN_BASE_URL (for example https://addin.example.com/sla/) replaces the development
// base URL https://localhost:3000/ in dist/manifest.xml for a production build.
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { normaliseBaseUrl, rewriteManifestUrls } = require("./scripts/manifest-urls");
const fs = require("fs");

// A function group is any functions/*.ts file that declares @customfunction entries;
// the other files there (excel.ts) are the shared coercion and error-mapping layer.
const functionGroups = fs
  .readdirSync(path.join(__dirname, "functions"))
  .filter(
    (f) =>
      f.endsWith(".ts") && fs.readFileSync(path.join(__dirname, "functions", f), "utf8").includes("@customfunction"),
  )
  .sort();

function pickTls({ key, cert, ca }) {
  return { key, cert, ca };
}

module.exports = async (env, argv) => {
  const dev = argv.mode === "development";
  const baseUrl = normaliseBaseUrl(process.env.ADDIN_BASE_URL); // fails fast on a bad URL
  return {
    devtool: dev ? "source-map" : false,
    // ES2017: the engines of the Excel builds we support (see docs/install.md, "Supported Excel").
    target: ["web", "es2017"],
    entry: {
      // Each group file registers its own functions: the metadata plugin appends the
      // CustomFunctions.associate calls to it. The bundle runs in Excel's JavaScript-only
      // runtime, whose only special global is CustomFunctions: no window, document or Office.
      functions: functionGroups.map((f) => `./functions/${f}`),
      taskpane: "./taskpane/taskpane.ts",
      // The Office dialog that shows the review pack (the page arrives as a message).
      packdialog: "./taskpane/packdialog.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
      // Always write the files, even when unchanged, so dist/ is never older than a source
      // edited since (the bundle tests refuse a dist/ older than src/ or functions/).
      compareBeforeEmit: false,
      // The custom-functions runtime has no window; `this` at the top level of a script is the global.
      globalObject: "this",
    },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { configFile: "tsconfig.build.json" } },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      new CustomFunctionsMetadataPlugin({
        output: "functions.json",
        input: functionGroups.map((f) => `./functions/${f}`),
      }),
      new HtmlWebpackPlugin({
        filename: "functions.html",
        template: "./functions/functions.html",
        chunks: ["functions"],
      }),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./taskpane/taskpane.html",
        chunks: ["taskpane"],
      }),
      new HtmlWebpackPlugin({
        filename: "packdialog.html",
        template: "./taskpane/packdialog.html",
        chunks: ["packdialog"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => rewriteManifestUrls(content.toString(), baseUrl),
          },
          { from: "taskpane/taskpane.css", to: "taskpane.css" },
        ],
      }),
    ],
    devServer: {
      static: { directory: path.resolve(__dirname, "dist") },
      // scripts/start.js sets SLA_GOV_HTTPS after preparing the development certificates.
      server: process.env.SLA_GOV_HTTPS
        ? { type: "https", options: pickTls(await require("./scripts/certs").httpsOptions()) }
        : "http",
      // No client script: it would put window references into functions.js, which must
      // load in the custom-functions runtime with nothing but CustomFunctions.
      client: false,
      hot: false,
      liveReload: false,
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      headers: { "Access-Control-Allow-Origin": "*" },
    },
  };
};
