// GET / — the start page (client/public/start.tsx). `/?survey=<short name>` leads to that
// survey's page; nothing typed is stored or logged beyond the route's per-minute count.
import { Hono } from "hono";
import { renderStartPage } from "../../client/public/start";
import { START_LANGUAGES } from "../../client/public/start-strings";
import type { Assets } from "../assets";
import { pickLanguage } from "./pages";

const SLUG = /^[a-z0-9-]{3,64}$/;

export function startRoutes(assets: Assets | null): Hono {
  return new Hono().get("/", (c) => {
    const language = pickLanguage(
      START_LANGUAGES,
      c.req.query("lang"),
      c.req.header("accept-language"),
    );
    c.header("Vary", "Accept-Language");
    const typed = c.req.query("survey");
    const name = typed?.trim().toLowerCase();
    if (name && SLUG.test(name)) return c.redirect(`/s/${name}`, 303);
    const styles = assets?.results.styles ?? [];
    if (typed) {
      return c.html(renderStartPage({ language, badName: typed.slice(0, 80), styles }), 400);
    }
    return c.html(renderStartPage({ language, styles }));
  });
}
