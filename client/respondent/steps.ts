// Each step of a survey is an entry in the browser's history (issue 15): the phone's Back goes
// to the previous question with every answer kept, Forward comes back, and Back from the first
// question stops at a "leave the survey?" step instead of throwing the answers away. An entry
// holds where the respondent is, never an answer (DESIGN §9.5): the browser may keep entries
// in its session history on disk.
//
// Entries are added only from a tap's own handler: Chrome skips, on the Back button, entries a
// page added while nobody was using it (its "history manipulation intervention").

export type Step =
  | { kind: "question"; index: number; editing: boolean }
  | { kind: "review" }
  /** The entry below the first question: Back reached it, so the respondent wants to leave. */
  | { kind: "leaving" }
  /** The receipt or "saved on this phone": nothing is left to lose. */
  | { kind: "done" };

interface Entry {
  voz: Step;
  /** How many of our entries lie below this one; the page's own entry is 0. */
  depth: number;
}

function entryOf(state: unknown): Entry | null {
  const entry = state as Partial<Entry> | null;
  return entry && typeof entry === "object" && entry.voz && typeof entry.depth === "number"
    ? (entry as Entry)
    : null;
}

/** How long the quick exit waits for Back to reach the page's own entry before going anyway. */
const REWIND_WAIT_MS = 1_000;

export class StepHistory {
  private depth = 0;
  private guarded = false;
  private rewinding: (() => void) | null = null;

  /** `onStep` hears Back and Forward: the step of the entry the browser moved to. */
  constructor(private readonly onStep: (step: Step, depth: number) => void) {}

  /** Call once the page runs; returns the function that stops listening. */
  listen(): () => void {
    const pop = (event: PopStateEvent) => {
      const entry = entryOf(event.state);
      this.depth = entry?.depth ?? 0;
      if (this.rewinding) {
        if (this.depth === 0) this.rewinding();
        return;
      }
      this.onStep(entry?.voz ?? { kind: "leaving" }, this.depth);
    };
    window.addEventListener("popstate", pop);
    const entry = entryOf(history.state);
    // A reload keeps the entries: pick up where they are.
    if (entry) {
      this.depth = entry.depth;
      this.guarded = true;
    }
    return () => window.removeEventListener("popstate", pop);
  }

  /**
   * From a tap's handler, on the first question: the page's own entry becomes the "leaving"
   * step and the question gets an entry above it, so Back asks before the survey is gone.
   */
  guard(current: Step): void {
    if (this.guarded || this.depth !== 0) return;
    this.guarded = true;
    history.replaceState({ voz: { kind: "leaving" }, depth: 0 } satisfies Entry, "");
    this.depth = 1;
    history.pushState({ voz: current, depth: 1 } satisfies Entry, "");
  }

  /** A new step from a tap's handler (next, change, review, sent). */
  push(step: Step, from: Step): void {
    this.guard(from);
    this.depth += 1;
    history.pushState({ voz: step, depth: this.depth } satisfies Entry, "");
  }

  /** The entry being shown now means another step (a hidden question was skipped over). */
  replace(step: Step): void {
    history.replaceState({ voz: step, depth: this.depth } satisfies Entry, "");
  }

  /** Whether the entry below this one is a step of the survey (not the page's own entry). */
  hasStepBelow(): boolean {
    return this.depth >= 2;
  }

  /** Back past the page's own entry: the respondent chose to leave, or has nothing to lose. */
  leave(): void {
    history.go(-(this.depth + 1));
  }

  /** Back to the page's own entry, so nothing above it stays in history (the quick exit). */
  rewind(): Promise<void> {
    if (this.depth === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.rewinding = null;
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, REWIND_WAIT_MS);
      this.rewinding = done;
      history.go(-this.depth);
    });
  }
}
