// The English detector of the workspace's language tests (browser/walk.ts, the import notes'
// tests): a page or a text in Spanish, Portuguese or French must not trip it, and an English one
// must, or the detector proves nothing.

/**
 * Words of English prose, and of the workspace's own English nouns, that none of the other three
 * languages writes as a word of its own (a word between letters and accents, Unicode-aware:
 * neither "ñandú" nor a decomposed "thème" holds an English word). Survey texts are the
 * organization's, and the walked surveys show Spanish first.
 */
export const ENGLISH =
  /(?<!\p{L})(the|and|your|you|of|is|are|with|this|from|has|have|cannot|will|who|new|survey|surveys|responses|today|days|last)(?![\p{L}\p{M}])/giu;
