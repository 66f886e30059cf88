// The template surveys themselves, in their own chunk: TemplatePicker loads it on a pick.

import communityFeedback from "../../surveys/community-feedback.json";
import csoProgramAwareness from "../../surveys/cso-program-awareness.json";
import documentationStatus from "../../surveys/documentation-status.json";
import needsAccess from "../../surveys/needs-access.json";
import passportAccess from "../../surveys/passport-access.json";
import type { Survey } from "../../surveys/schema";

export const TEMPLATE_DEFINITIONS: Readonly<Record<string, Survey>> = {
  "community-feedback": communityFeedback as Survey,
  "needs-access": needsAccess as Survey,
  "documentation-status": documentationStatus as Survey,
  "passport-access": passportAccess as Survey,
  "cso-program-awareness": csoProgramAwareness as Survey,
};
