// The preview's note about cover the prune's budget did not reach, rendered as the page does.
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { Untried } from "./preview";

const note = (untried: number, running = false) =>
  renderToString(<Untried untried={untried} running={running} onTryAll={() => {}} />);

describe("the untried note", () => {
  it("is not there when every cover cell was tried again", () => {
    expect(note(0)).toBe("");
  });

  it("gives the number, in the singular for one, with the button to check them all", () => {
    expect(note(1)).toContain("1 of the cells hidden as cover was not checked again");
    expect(note(324)).toContain("324 of the cells hidden as cover were not checked again");
    expect(note(324)).toMatch(/<button type="button">Check them all<\/button>/);
  });

  it("turns the button off while a preview runs", () => {
    expect(note(324, true)).toMatch(/<button type="button" disabled>Check them all<\/button>/);
  });
});
