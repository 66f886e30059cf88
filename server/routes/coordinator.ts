// The coordinators' workspace is one client-side app: /c, /c/… and /join (an invitation link)
// all get the same shell, and the app draws the page. Everything it reads or changes goes
// through /api/… (routes/accounts.ts, routes/workspace.ts).
import { type Context, Hono } from "hono";
import { renderCoordinatorShell } from "../../client/coordinator/shell";
import type { Assets } from "../assets";
import { messagePage, NOT_BUILT } from "../http";

export function coordinatorRoutes(assets: Assets | null): Hono {
  const shell = (c: Context) => {
    if (!assets) return messagePage(c, 503, NOT_BUILT);
    c.header("Cache-Control", "no-store");
    return c.html(renderCoordinatorShell(assets.coordinator, assets.respondent));
  };
  return new Hono().get("/c", shell).get("/c/*", shell).get("/join", shell);
}
