// A path router for the workspace's few pages: /c/… and /join. The server answers every such
// path with the same shell, so links work on reload and in a new tab.
import { useEffect, useState } from "preact/hooks";

const listeners = new Set<() => void>();

/**
 * A page with unsaved work (the builder) asks before anyone leaves it: `stay()` returns true to
 * stay. One at a time; the page clears it when its work is saved or it unmounts.
 */
let leaveGuard: { path: string; stay: () => boolean } | null = null;

export function guardLeaving(stay: (() => boolean) | null): void {
  leaveGuard = stay ? { path: location.pathname, stay } : null;
}

const staying = (to: string) => leaveGuard !== null && to !== leaveGuard.path && leaveGuard.stay();

export function navigate(path: string, replace = false): void {
  if (staying(path)) return;
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  for (const listener of listeners) listener();
}

export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    const back = () => {
      // Back or Forward has already moved the address: put it back if the page keeps us.
      if (leaveGuard && staying(location.pathname)) {
        history.pushState(null, "", leaveGuard.path);
        return;
      }
      update();
    };
    listeners.add(update);
    addEventListener("popstate", back);
    // A navigation between the first render and this effect would otherwise be missed.
    update();
    return () => {
      listeners.delete(update);
      removeEventListener("popstate", back);
    };
  }, []);
  return path;
}

/** The Feedback page's views: the inbox, one message, or the publication. */
export type FeedbackView =
  | { view: "inbox" }
  | { view: "message"; id: string }
  | { view: "publish" };

export type Route =
  | { page: "surveys" }
  | { page: "signup" }
  | { page: "login" }
  | { page: "members" }
  | { page: "account" }
  | { page: "new" }
  | { page: "survey"; slug: string }
  | { page: "edit"; slug: string }
  | { page: "answers"; slug: string }
  | { page: "results"; slug: string }
  | { page: "feedback"; feedback: FeedbackView }
  | { page: "join" }
  | { page: "missing" };

export function route(path: string): Route {
  if (path === "/join") return { page: "join" };
  const parts = path
    .replace(/^\/c\/?/, "")
    .split("/")
    .filter(Boolean);
  const [first, slug, sub] = parts.map(decodeURIComponent);
  if (parts.length === 0) return { page: "surveys" };
  if (
    parts.length === 1 &&
    (first === "signup" || first === "login" || first === "members" || first === "account")
  ) {
    return { page: first };
  }
  if (parts.length === 1 && first === "new") return { page: "new" };
  if (first === "feedback") {
    if (parts.length === 1) return { page: "feedback", feedback: { view: "inbox" } };
    if (parts.length === 2 && slug === "publish")
      return { page: "feedback", feedback: { view: "publish" } };
    if (parts.length === 3 && slug === "m" && sub)
      return { page: "feedback", feedback: { view: "message", id: sub } };
  }
  if (first === "s" && slug) {
    if (sub === undefined) return { page: "survey", slug };
    if (sub === "edit" && parts.length === 3) return { page: "edit", slug };
    if (sub === "answers" && parts.length === 3) return { page: "answers", slug };
    if (sub === "results" && parts.length === 3) return { page: "results", slug };
  }
  return { page: "missing" };
}

export const surveyPath = (slug: string, sub?: "edit" | "answers" | "results") =>
  `/c/s/${encodeURIComponent(slug)}${sub ? `/${sub}` : ""}`;

/** An anchor that navigates without a reload; modified clicks still open a new tab. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(anchor.pathname);
}
