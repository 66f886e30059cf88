// Text formats of the survey contract that the respondent page checks too. Kept apart from
// schema.ts so that checking an answer does not bring zod into the respondent's bundle.

/** BCP 47 as surveys use it: a language subtag, then script, region or variant subtags. */
export const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** A month answer and a month question's min, max and bins: `YYYY-MM`. */
export const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/**
 * An earlier answer shown inside a text: `${question_id}` (XLSForm's own spelling), replaced on
 * the respondent's page by that answer (client/lib/recall.ts). Global: use with replace/matchAll.
 */
export const ANSWER_IN_TEXT = /\$\{([^}]*)\}/g;
