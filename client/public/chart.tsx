// One question as bars: a list whose items are read as "label, value" by a screen reader, each
// with an SVG bar for the eye. Labels wrap (long option texts on a 360 px phone); the bars are
// sized by SVG attributes, since the CSP allows no inline style. Shared by the public results
// page (server-rendered) and the coordinator's report: no hooks, nothing but markup.
import type { ComponentChildren } from "preact";

export interface Bar {
  key: string;
  label: string;
  /** 0–1 of the chart's denominator; null draws no bar (a hidden count). */
  share: number | null;
  /** What the bar says in words: "12 · 40 %", or the hidden mark. */
  text: ComponentChildren;
}

export function BarChart({
  caption,
  bars,
  id,
}: {
  caption: ComponentChildren;
  bars: Bar[];
  /** For aria-labelledby from outside (a region, a table). */
  id?: string;
}) {
  return (
    <figure class="chart">
      <figcaption id={id}>{caption}</figcaption>
      <ul class="bars">
        {bars.map((bar) => (
          <li key={bar.key}>
            <span class="bar-label">{bar.label}</span>
            <span class="bar-line">
              <svg
                class="bar"
                viewBox="0 0 100 10"
                preserveAspectRatio="none"
                aria-hidden="true"
                focusable="false"
              >
                <rect class="bar-track" width="100" height="10" />
                {bar.share === null ? null : (
                  <rect
                    class="bar-fill"
                    width={(Math.max(0, Math.min(1, bar.share)) * 100).toFixed(2)}
                    height="10"
                  />
                )}
              </svg>
              <span class="bar-value">{bar.text}</span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
