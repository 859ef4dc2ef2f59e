// Where `npm start` keeps the development server's pid, and its port.
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
module.exports = {
  ROOT,
  PID_FILE: path.join(ROOT, ".server.pid"),
  PORT: Number(process.env.npm_package_config_dev_server_port || 3000),
};
