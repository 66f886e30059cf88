// Draws the workspace into the shell (shell.ts), which names the respondent page's assets for
// the builder's preview.
import { render } from "preact";
import { Workspace } from "./workspace";

const root = document.getElementById("voz-coordinator");
if (root) {
  const respondent = {
    script: root.dataset.respondentScript ?? "",
    styles: JSON.parse(root.dataset.respondentStyles ?? "[]") as string[],
  };
  render(<Workspace respondent={respondent} />, root);
}
