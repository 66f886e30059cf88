// The preview's notes, rendered as the page does: cover the prune's budget did not reach, and
// what the server's gate will say.
import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { Forecast, Untried } from "./preview";

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

describe("the gate's forecast when the check is over the server's budget", () => {
  const forecast = (earlier: number, versioned = true) =>
    renderToString(
      <Forecast
        gate={{ verdict: "over_budget", budget: 1 }}
        earlier={earlier}
        versioned={versioned}
      />,
    );

  it("points a survey to a new version once earlier publications make the check dear", () => {
    expect(forecast(9)).toContain("against the 9 earlier publication(s)");
    expect(forecast(9)).toContain("A version of the questionnaire that asks something new");
  });

  it("does not where there is no earlier publication to leave behind", () => {
    expect(forecast(0)).toContain("needs more work than the server allows one publication");
    expect(forecast(0)).not.toContain("A new version");
  });

  it("does not for a feedback channel, which has no versions", () => {
    expect(forecast(9, false)).toContain("against the 9 earlier publication(s)");
    expect(forecast(9, false)).not.toContain("A new version");
  });
});
