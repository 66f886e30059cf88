// The member keys this browser has seen and those its user verified (issue 13 item 5). Kept in
// this browser's localStorage, never on the server: whoever can write the database can change
// anything stored there, including a "verified" flag, but not what this browser remembers.
//
// What it stops: a member's public key swapped in the database after this browser saw it —
// sealing a survey key to them is refused until their safety words are compared again. What it
// does not: a key swapped before this browser first saw it and never verified (the warning then
// says "not verified"), another browser with nothing remembered, or a server that serves a
// workspace script of its own (that one can skip every check).

export interface Pin {
  /** The member's public key (standard base64) as last seen or verified here. */
  publicKey: string;
  verified: boolean;
}

export type KeyStatus =
  | { kind: "verified" }
  /** Seen before with this key, never compared. */
  | { kind: "unverified" }
  /** First sight in this browser: remembered from now on. */
  | { kind: "new" }
  /** Differs from the key this browser remembers: someone may have swapped it. */
  | { kind: "changed"; wasVerified: boolean };

/** The part of `Storage` the pins need, so tests can hand in a map. */
export type PinStorage = Pick<Storage, "getItem" | "setItem">;

const storageKey = (orgId: string, viewerId: string) => `voz.pins.${orgId}.${viewerId}`;

export class Pins {
  private readonly key: string;

  constructor(
    private readonly storage: PinStorage,
    orgId: string,
    /** Whose browser memory this is: one member's verifications are not another's. */
    viewerId: string,
  ) {
    this.key = storageKey(orgId, viewerId);
  }

  private read(): Record<string, Pin> {
    try {
      const parsed = JSON.parse(this.storage.getItem(this.key) ?? "{}") as unknown;
      return parsed && typeof parsed === "object" ? (parsed as Record<string, Pin>) : {};
    } catch {
      return {};
    }
  }

  private write(pins: Record<string, Pin>): void {
    this.storage.setItem(this.key, JSON.stringify(pins));
  }

  /** What this browser knows about the member's key; never changes what it remembers. */
  status(memberId: string, publicKey: string): KeyStatus {
    const pin = this.read()[memberId];
    if (!pin) return { kind: "new" };
    if (pin.publicKey !== publicKey) return { kind: "changed", wasVerified: pin.verified };
    return pin.verified ? { kind: "verified" } : { kind: "unverified" };
  }

  /**
   * Remembers keys seen for the first time (trust on first use); a changed key is not
   * overwritten — only verifying it again replaces what this browser remembers.
   */
  see(members: readonly { id: string; publicKey: string }[]): void {
    const pins = this.read();
    let added = false;
    for (const m of members) {
      if (!pins[m.id]) {
        pins[m.id] = { publicKey: m.publicKey, verified: false };
        added = true;
      }
    }
    if (added) this.write(pins);
  }

  /** After the two people compared the safety words of exactly this key. */
  verify(memberId: string, publicKey: string): void {
    this.write({ ...this.read(), [memberId]: { publicKey, verified: true } });
  }

  forget(memberId: string): void {
    const pins = this.read();
    delete pins[memberId];
    this.write(pins);
  }

  /**
   * A published version's key never changes (its answers are sealed to it), so a version whose
   * key differs from the one this browser saw was altered where the survey is stored. Returns
   * false then, and keeps remembering the first key.
   */
  seeVersionKey(slug: string, version: number, publicKey: string): boolean {
    const id = `survey:${slug}@${version}`;
    const pins = this.read();
    const pin = pins[id];
    if (pin) return pin.publicKey === publicKey;
    this.write({ ...pins, [id]: { publicKey, verified: false } });
    return true;
  }
}

/** The pins of the member using this browser, in its localStorage. */
export const pinsOf = (me: { organization: { id: string }; member: { id: string } }) =>
  new Pins(localStorage, me.organization.id, me.member.id);

export interface SealCheck {
  /** Members whose key differs from the one remembered here: never sealed to. */
  changed: string[];
  /** Members whose key was never compared: sealed to, and said so. */
  unverified: string[];
}

/** Before sealing a survey key to `recipients`: which keys changed, which were never compared. */
export function checkRecipients(
  pins: Pins,
  recipients: readonly { id: string; publicKey: string }[],
): SealCheck {
  pins.see(recipients);
  const check: SealCheck = { changed: [], unverified: [] };
  for (const r of recipients) {
    const status = pins.status(r.id, r.publicKey);
    if (status.kind === "changed") check.changed.push(r.id);
    else if (status.kind !== "verified") check.unverified.push(r.id);
  }
  return check;
}
