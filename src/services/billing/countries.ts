/**
 * ISO 3166-1 alpha-2 country codes and the address rules the billing form
 * needs: which countries ask for a state (and which codes are valid there),
 * which have no postal codes, and the postal formats we check.
 * Names come from Intl (full ICU in workerd), so the list stays codes only.
 */

const CODES =
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO " +
  "JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR " +
  "MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO " +
  "RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV " +
  "TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

const COUNTRY_CODES: readonly string[] = CODES.split(" ");
const CODE_SET = new Set(COUNTRY_CODES);

export function isCountryCode(code: string): boolean {
  return CODE_SET.has(code);
}

let cached: { code: string; name: string }[] | undefined;

/** Countries sorted by English name, for the select. Built once per isolate. */
export function countryOptions(): { code: string; name: string }[] {
  if (!cached) {
    const names = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
    cached = COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name, "en"));
  }
  return cached;
}

export function countryName(code: string): string {
  return countryOptions().find((c) => c.code === code)?.name ?? code;
}

/** Countries whose addresses need a state or province, with the codes accepted there. */
const STATES: Record<string, { label: string; codes: readonly string[] }> = {
  US: {
    label: "State",
    codes: (
      "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND " +
      "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI UM AA AE AP"
    ).split(" "),
  },
  CA: { label: "Province or territory", codes: "AB BC MB NB NL NS NT NU ON PE QC SK YT".split(" ") },
  AU: { label: "State or territory", codes: "ACT NSW NT QLD SA TAS VIC WA".split(" ") },
};

export function stateRule(country: string): { label: string; codes: readonly string[] } | undefined {
  return STATES[country];
}

/**
 * Countries without a postal code system (the field is not shown there).
 * Sources: the Universal Postal Union's list of countries without postcodes.
 */
const NO_POSTAL = new Set(
  (
    "AE AG AN AO AW BF BI BJ BO BQ BS BW BZ CD CF CG CI CK CM CW DJ DM ER FJ GA GD GH GM GQ GY HK HM KI KM KN KP " +
    "LY ML MO MR MW NR NU QA RW SB SC SL SR SS ST SX SY TD TF TG TK TL TO TV UG VU YE ZW"
  ).split(" "),
);

export function usesPostalCode(country: string): boolean {
  return !NO_POSTAL.has(country);
}

/** Postal formats checked for the main countries; elsewhere any short text is accepted. */
const POSTAL_FORMATS: Record<string, { re: RegExp; example: string }> = {
  US: { re: /^\d{5}(?:-\d{4})?$/, example: "94105 or 94105-1234" },
  CA: { re: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/i, example: "K1A 0B1" },
  GB: { re: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, example: "SW1A 1AA" },
  AU: { re: /^\d{4}$/, example: "2000" },
  DE: { re: /^\d{5}$/, example: "10115" },
  FR: { re: /^\d{5}$/, example: "75001" },
  NL: { re: /^\d{4} ?[A-Z]{2}$/i, example: "1012 AB" },
  JP: { re: /^\d{3}-?\d{4}$/, example: "100-0001" },
  IN: { re: /^\d{6}$/, example: "110001" },
  BR: { re: /^\d{5}-?\d{3}$/, example: "01310-100" },
};

export function postalRule(country: string): { re: RegExp; example: string } | undefined {
  return POSTAL_FORMATS[country];
}
