// The publication preview both publish pages share (survey results and feedback channel): the
// suppression and the gate's own audit run in a worker (suppress-worker.ts), the page says what
// the worker is doing and for how long and can stop it, then says what the gate will answer.
import { useEffect, useRef, useState } from "preact/hooks";
import { fill } from "../../lib/labels";
import { useStrings } from "../strings";
import type {
  GateForecast,
  SuppressMessage,
  SuppressProgress,
  SuppressReply,
  SuppressRequest,
} from "./protocol";

/** The preview in a worker: its reply, or "stopped" once `stop` has ended the worker. */
function suppressInWorker(
  request: SuppressRequest,
  onProgress: (progress: SuppressProgress) => void,
): { reply: Promise<SuppressReply | "stopped">; stop(): void } {
  const worker = new Worker(new URL("./suppress-worker.ts", import.meta.url), { type: "module" });
  let stop = () => {};
  const reply = new Promise<SuppressReply | "stopped">((resolve) => {
    stop = () => resolve("stopped");
    worker.onmessage = (event: MessageEvent<SuppressMessage>) => {
      if ("progress" in event.data) onProgress(event.data.progress);
      else resolve(event.data.reply);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      resolve({ ok: false, message: event.message || "the suppression worker failed" });
    };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
  return { reply, stop };
}

export interface Running {
  now: SuppressProgress;
  /** Date.now() when the worker started. */
  since: number;
}

/**
 * One preview at a time in a worker, with what it is doing while it runs, and the preview the
 * page shows (`P`: the reply and what the page keeps beside it). A page takes a `ticket` before
 * it gathers the request (earlier publications come from the server): a `stop` in the meantime
 * makes `run` with that ticket answer "stopped" without starting.
 */
export function usePreview<P>(): {
  ticket(): number;
  run(request: SuppressRequest, ticket: number): Promise<SuppressReply | "stopped">;
  running: Running | null;
  stop(): void;
  preview: P | null;
  setPreview(preview: P): void;
  /**
   * Stops the worker and drops the preview: a preview of other settings than the form now shows
   * would publish what it no longer says.
   */
  settingsChanged(): void;
} {
  const [running, setRunning] = useState<Running | null>(null);
  const [preview, setPreview] = useState<P | null>(null);
  const job = useRef<{ stop(): void } | null>(null);
  const stops = useRef(0);
  async function run(request: SuppressRequest, ticket: number) {
    if (ticket !== stops.current) return "stopped";
    const since = Date.now();
    setRunning({ now: { phase: "suppressing", work: 0 }, since });
    const started = suppressInWorker(request, (now) => setRunning({ now, since }));
    job.current = started;
    try {
      return await started.reply;
    } finally {
      job.current = null;
      setRunning(null);
    }
  }
  const stop = () => {
    stops.current++;
    job.current?.stop();
  };
  const settingsChanged = () => {
    stop();
    setPreview(null);
  };
  return { ticket: () => stops.current, run, running, stop, preview, setPreview, settingsChanged };
}

/**
 * What a running preview is doing and for how long, with a way to stop it: with several earlier
 * publications suppression alone can take many minutes in the browser (docs/disclosure.md).
 */
export function PreviewProgress({ running, onStop }: { running: Running; onStop: () => void }) {
  const t = useStrings().publish;
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - running.since) / 1000));
  const time =
    seconds < 60
      ? fill(t.seconds, { s: seconds })
      : fill(t.minutes, { m: Math.floor(seconds / 60), s: seconds % 60 });
  const progress = running.now;
  // Only the phase is a live region: the figures change every second and would be read out.
  return (
    <div class="status" data-testid="preview-progress">
      <p role="status">
        {{ suppressing: t.hiding, rechecking: t.rechecking, checking: t.checking }[progress.phase]}
      </p>
      <p>
        {progress.phase === "suppressing"
          ? fill(t.soFar, { time })
          : progress.phase === "rechecking"
            ? fill(t.recheckedSoFar, { tried: progress.tried, of: progress.of, time })
            : fill(t.checkedShare, {
                time,
                percent: Math.min(100, Math.floor((100 * progress.work) / progress.budget)),
              })}{" "}
        <button type="button" onClick={onStop}>
          {t.stop}
        </button>
      </p>
    </div>
  );
}

/**
 * The cells hidden as cover that the prune's budget did not reach (SuppressResult.untried): the
 * audit might let some be published. Checking them all takes several times as long, so it is
 * the coordinator's choice; a stopped check keeps the preview shown.
 */
export function Untried({
  untried,
  onTryAll,
  running,
}: {
  untried: number;
  onTryAll: () => void;
  running: boolean;
}) {
  const t = useStrings().publish;
  if (untried === 0) return null;
  return (
    <p data-testid="untried">
      {untried === 1 ? t.untriedOne : fill(t.untried, { n: untried })}{" "}
      <button type="button" onClick={onTryAll} disabled={running}>
        {t.tryAll}
      </button>{" "}
      <span class="muted">{t.tryAllHint}</span>
    </p>
  );
}

/**
 * Said when the preview kept the last publication's hidden cells (SuppressResult.keptPattern):
 * the gate checks it against that one alone, at the price of cells a look at every one might
 * show, and how many numbers that price is (SuppressResult.kept), so that a coordinator can
 * tell when a pattern set at a few responses has grown costly.
 */
export function KeptPattern({
  kept,
  cells,
  onLookAgain,
  running,
}: {
  kept: boolean;
  cells: number;
  onLookAgain: () => void;
  running: boolean;
}) {
  const t = useStrings().publish;
  if (!kept) return null;
  const count = cells === 1 ? t.keptCountOne : cells > 1 ? fill(t.keptCount, { n: cells }) : "";
  return (
    <p data-testid="kept-pattern">
      {t.keptPattern} {count ? `${count} ` : ""}
      {t.keptLookAgain}{" "}
      <button type="button" onClick={onLookAgain} disabled={running}>
        {t.lookAgain}
      </button>
    </p>
  );
}

/**
 * What the gate will answer, as its own audit within its budget found in the preview.
 * `versioned`: the publication is a survey's, whose next version starts a history of its own
 * (a feedback channel's has no versions).
 */
export function Forecast({
  gate,
  earlier,
  versioned = false,
  kept = null,
}: {
  gate: GateForecast;
  earlier: number;
  versioned?: boolean;
  /**
   * Whether the preview kept the last pattern (false: the coordinator chose to look at every
   * cell again); null where it could not (a feedback channel, a first publication, a raised k).
   */
  kept?: boolean | null;
}) {
  const t = useStrings().publish;
  if (gate.verdict === "accepts") {
    // Never "0 %" for work done: the next publication's share only grows (every earlier one is
    // checked again with it), and the figure is there to show how close the limit is.
    const percent = gate.work === 0 ? 0 : Math.max(1, Math.ceil((100 * gate.work) / gate.budget));
    return (
      <p class="status" data-testid="gate-forecast">
        {fill(kept ? t.gateAcceptsKept : t.gateAccepts, { percent })}
      </p>
    );
  }
  return (
    <p class="status error" role="alert" data-testid="gate-forecast">
      {gate.verdict === "over_budget"
        ? // A new version helps only where earlier publications are what makes the check dear.
          `${fill(t.gateOverBudget, { earlier })}${versioned && earlier > 0 ? ` ${t.gateNewVersion}` : ""}${kept === false && earlier > 0 ? ` ${t.gateKeepHint}` : ""}`
        : fill(t.gateUnsafe, { n: gate.cells })}
    </p>
  );
}
