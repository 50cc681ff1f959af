// Build GOV.UK Frontend into static/govuk/ (run by `npm run build`).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(dist, "assets"), join(out, "assets"), { recursive: true });
rmSync(join(out, "assets", "fonts"), { recursive: true, force: true });
cpSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
execFileSync(
  join(root, "node_modules", ".bin", "sass"),
  ["--pkg-importer=node", "--style=compressed", "--quiet-deps", "--no-source-map",
   join(root, "static", "src", "app.scss"), join(out, "app.css")],
  { stdio: "inherit" },
);
console.log("GOV.UK Frontend built into static/govuk/");
