// A table too wide for a phone scrolls sideways inside this box, not the page, and keeps its
// words whole: the workspace lets long words break anywhere at 360 px (coordinator.css), which
// squeezed table columns to a letter ("Pesqu/isa", "202 6-11"). Focusable and named, so a
// keyboard can scroll it and a screen reader says what it holds (axe scrollable-region-focusable).
import type { ComponentChildren } from "preact";

export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to be scrolled by keyboard
    <section class="scroll-region" aria-label={label} tabIndex={0} data-scroll-region>
      {children}
    </section>
  );
}
