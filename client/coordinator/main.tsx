// Browser entry of the coordinators' workspace (/c/…, /join). Only configuration happens
// here; the workspace itself is imported after it, because every zod object schema built
// before `jitless` is set probes `new Function`, which the CSP reports as a violation.
import "./coordinator.css";
import "./poster.css";
import { z } from "zod";

z.config({ jitless: true });
import("./mount");
