// Numbers and months in a page's language (issue 16). Intl where the runtime knows the language;
// where it does not, Intl silently answers in its default locale — the Haitian Creole results
// page said "December 2026" — so a language Intl lacks gets our own month names and another
// language's number conventions, or plain ISO months and digits. UI-free: the public pages
// render in Node, the report in the browser, and both must say the same.

/**
 * Month names Node's and Chromium's ICU do not carry. Haitian Creole (Kreyòl): lower case, as
 * written in running text, "desanm 2026".
 */
const MONTH_NAMES: Record<string, readonly string[]> = {
  ht: [
    "janvye",
    "fevriye",
    "mas",
    "avril",
    "me",
    "jen",
    "jiyè",
    "out",
    "septanm",
    "oktòb",
    "novanm",
    "desanm",
  ],
};

/** Number conventions to borrow: Haiti writes numbers as French does ("1 234,5"). */
const NUMBER_LOCALES: Record<string, string> = { ht: "fr" };

const primary = (language: string) => language.toLowerCase().split("-")[0] ?? "";

/** Whether Intl formats in this language itself (`es-CL` counts as known through `es`). */
function known(language: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([language]).length > 0;
  } catch {
    return false;
  }
}

function numberLocale(language: string): string | null {
  if (known(language)) return language;
  return NUMBER_LOCALES[primary(language)] ?? null;
}

/** A count: "1.234" in Portuguese, "1,234" in English, "1 234" in French and Creole. */
export function formatNumber(value: number, language: string): string {
  const locale = numberLocale(language);
  if (locale === null) return String(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
}

/** "40 %": whole percent, since anything finer claims a precision a survey does not have. */
export function formatPercent(share: number, language: string): string {
  const locale = numberLocale(language);
  if (locale === null) return `${Math.round(share * 100)} %`;
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(
    share,
  );
}

const MONTH = /^(\d{4})-(\d{2})$/;

const monthFormat = (language: string) =>
  new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" });

const asDate = (year: number, month: number) => new Date(Date.UTC(year, month - 1, 1));

/** "YYYY-MM" as "diciembre de 2026", "desanm 2026"; anything else comes back as it was. */
export function formatMonth(yyyyMm: string, language: string): string {
  const match = yyyyMm.match(MONTH);
  if (!match) return yyyyMm;
  const [year, month] = [Number(match[1]), Number(match[2])];
  if (known(language)) return monthFormat(language).format(asDate(year, month));
  const names = MONTH_NAMES[primary(language)];
  return names ? `${names[month - 1]} ${year}` : yyyyMm;
}

/**
 * Two months, both included, as one span: "noviembre–diciembre de 2026", "enero de 2018 –
 * diciembre de 2019"; one month when they are the same.
 */
export function formatMonths(from: string, to: string, language: string): string {
  if (from === to) return formatMonth(from, language);
  const a = from.match(MONTH);
  const b = to.match(MONTH);
  if (a && b && known(language)) {
    const format = monthFormat(language);
    // formatRange joins what the two share ("de 2026") once; older runtimes lack it.
    if (typeof format.formatRange === "function") {
      return format.formatRange(
        asDate(Number(a[1]), Number(a[2])),
        asDate(Number(b[1]), Number(b[2])),
      );
    }
  }
  return `${formatMonth(from, language)} – ${formatMonth(to, language)}`;
}

/** The month before a "YYYY-MM": the last month of a bin that ends, exclusive, at `yyyyMm`. */
export function monthBefore(yyyyMm: string): string {
  const match = yyyyMm.match(MONTH);
  if (!match) return yyyyMm;
  const index = Number(match[1]) * 12 + Number(match[2]) - 2;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}
