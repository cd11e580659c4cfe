/**
 * A link over NATS to one destination subject: a gaplic's name (`<realm>.gaplic.<name>`)
 * or a role (`<realm>.role.<role>`, a queue group: each message goes to one gaplic of the
 * role). A batch of the route leaves as at most two messages (more when it is larger
 * than the server's max_payload):
 *
 *   plain events      a request to the subject; the reply is the receiver's answer
 *                     (nacks, subscription references; `[]` when all went well); no
 *                     responder, a timeout or a lost connection fails them (EV_NACK) —
 *                     no responder shortly after connecting means "not yet": tried again
 *   guaranteed events a JetStream publish to `<realm>.g.<...>` with a message id; the
 *                     stream's ack stores them; a timeout or an error of the connection
 *                     publishes them again (same id: stored once), a refusal fails them
 *
 * A NATS message carries the sender's name and session and the batch:
 * `{ f: name, s: session, w: [messages] }`, or `c: <compact>` for a burst (the encoding of
 * `wire/compact.ts`: names once per batch). The route hands its batch here in one piece
 * and the link tells its handlers what became of each event (`answered`, `stored`,
 * `refused`): acks are per event, since the members of a role answer independently.
 */
import { clearHostTimeout, setHostTimeout } from '../util/host-services.js';
import { encodeBatch } from '../wire/compact.js';
import { utf8Length } from '../wire/frames.js';
import type { EventMessage, WireMessage } from '../wire/messages.js';
import { BaseLink } from './link.js';
import type { NatsConnection, NatsFailure } from './nats-transport.js';

/** Batches up to this many messages travel as plain objects. */
const SMALL = 4;
/** Room left in a message for the protocol's headers (the message id of JetStream). */
const HEADROOM = 1024;
/** Pauses before a batch is published again (guaranteed: doubling), in seconds. */
const RETRY_FIRST = 0.1;
const RETRY_MAX = 5;

/** How an event travels: plainly, stored by JetStream, or not at all (the reason). */
export type NatsLane = 'plain' | 'stored' | { readonly refuse: string };

/** What the link tells its route about the events it carried. */
export interface NatsLinkHandlers {
  /** The receiver answered these plain events; `reply` is its JSON answer. */
  answered(events: readonly EventMessage[], reply: string): void;
  /** JetStream stored these events. */
  stored(events: readonly EventMessage[]): void;
  /** These events cannot be delivered, for `reason` (their senders get EV_NACK). */
  refused(events: readonly EventMessage[], reason: string): void;
}

/** Where a link publishes and how. */
export interface NatsLinkOptions {
  /** The sender's gaplic name and session (in every message). */
  readonly sender: string;
  readonly session: string;
  /** The subject of plain events, and that of guaranteed ones. */
  readonly subject: string;
  readonly storedSubject: string;
  /** Seconds a request waits for its answer, and a JetStream publish for its ack. */
  readonly timeout: number;
  /** A prefix that makes the message ids of this link unique in the stream. */
  readonly idPrefix: string;
  /** The lane of each event. */
  lane(message: EventMessage): NatsLane;
  /**
   * True shortly after the connection was (re)made: a request nobody listens for is then
   * tried again (the other gaplics are connecting too), not failed at once.
   */
  settling(): boolean;
}

/** The text of a NATS message of the link: the sender, its session and the batch. */
export function encodeEnvelope(
  sender: string,
  session: string,
  batch: readonly WireMessage[],
): string {
  const head = `{"f":${JSON.stringify(sender)},"s":${JSON.stringify(session)},`;
  return batch.length > SMALL
    ? `${head}"c":${JSON.stringify(encodeBatch(batch))}}`
    : `${head}"w":${JSON.stringify(batch)}}`;
}

export class NatsLink extends BaseLink {
  readonly #connection: NatsConnection;
  readonly #options: NatsLinkOptions;
  readonly #handlers: NatsLinkHandlers;
  /** Plain requests without an answer yet. */
  readonly #pending = new Set<readonly EventMessage[]>();
  /** Guaranteed batches waiting to be published again. */
  readonly #retries = new Set<unknown>();

  constructor(connection: NatsConnection, options: NatsLinkOptions, handlers: NatsLinkHandlers) {
    super();
    this.#connection = connection;
    this.#options = options;
    this.#handlers = handlers;
  }

  send(batch: readonly WireMessage[]): void {
    if (!this.open) return;
    let plain: EventMessage[] | null = null;
    let stored: EventMessage[] | null = null;
    const options = this.#options;
    for (const message of batch) {
      if (message.message_type !== '__event__') continue; // no control message over NATS
      const lane = options.lane(message);
      if (lane === 'plain') (plain ??= []).push(message);
      else if (lane === 'stored') (stored ??= []).push(message);
      else this.#handlers.refused([message], lane.refuse);
    }
    if (plain !== null) this.#split(plain, (events, text) => this.#request(events, text));
    if (stored !== null) this.#split(stored, (events, text) => this.#publish(events, text, 0));
  }

  /** Events of plain requests sent and not answered. */
  get unanswered(): number {
    let count = 0;
    for (const events of this.#pending) count += events.length;
    return count;
  }

  /**
   * Stops: the plain requests without an answer fail with `reason` (they may have been
   * delivered), guaranteed batches are no longer published again (the route sends its
   * events in flight again on the next link).
   */
  protected release(): void {
    for (const timer of this.#retries) clearHostTimeout(timer);
    this.#retries.clear();
    const pending = [...this.#pending];
    this.#pending.clear();
    const reason = `${this.closedReason} (it may have been delivered)`;
    for (const events of pending) this.#handlers.refused(events, reason);
  }

  /** Encodes `events` in messages under the server's max_payload, halving when needed. */
  #split(events: EventMessage[], send: (events: EventMessage[], text: string) => void): void {
    const { sender, session } = this.#options;
    const text = encodeEnvelope(sender, session, events);
    const limit = this.#connection.maxPayload - HEADROOM;
    if (text.length * 3 <= limit || utf8Length(text) <= limit) {
      send(events, text);
    } else if (events.length > 1) {
      const half = events.length >> 1;
      this.#split(events.slice(0, half), send);
      this.#split(events.slice(half), send);
    } else {
      this.#handlers.refused(
        events,
        `too large: ${utf8Length(text)} bytes, over the NATS server's max_payload of ${this.#connection.maxPayload}`,
      );
    }
  }

  #request(events: readonly EventMessage[], text: string): void {
    const options = this.#options;
    this.#pending.add(events);
    this.#connection.request(options.subject, text, options.timeout, (failure, reply) => {
      if (!this.#pending.has(events)) return; // failed when the link closed
      if (failure?.kind === 'noResponders' && options.settling()) {
        this.#later(RETRY_FIRST, () => {
          this.#pending.delete(events);
          this.#request(events, text);
        });
        return;
      }
      this.#pending.delete(events);
      if (failure === null) this.#handlers.answered(events, reply);
      else this.#handlers.refused(events, this.#plainFailure(events[0]!, failure));
    });
  }

  /** Calls `callback` in `seconds` if the link is still open. */
  #later(seconds: number, callback: () => void): void {
    const timer = setHostTimeout(() => {
      this.#retries.delete(timer);
      if (this.open) callback();
    }, seconds * 1000);
    this.#retries.add(timer);
  }

  #plainFailure(first: EventMessage, failure: NatsFailure): string {
    const { subject, timeout } = this.#options;
    switch (failure.kind) {
      case 'noResponders':
        return `no route to gaplic '${first.destination_gaplic}' or role '${first.destination_role}': nobody listens on NATS subject '${subject}'`;
      case 'timeout':
        return `no answer on NATS subject '${subject}' within ${timeout} s (it may have been delivered)`;
      default:
        return `NATS: ${failure.message} (it may have been delivered)`;
    }
  }

  /** Publishes guaranteed events; publishes them again after a failure that may pass. */
  #publish(events: readonly EventMessage[], text: string, attempt: number): void {
    const { storedSubject, timeout, idPrefix } = this.#options;
    const id = `${idPrefix}.${events[0]!.serial}.${events.at(-1)!.serial}`;
    this.#connection.publishStored(storedSubject, text, id, timeout, (failure) => {
      if (!this.open) return; // the route sends them again on its next link
      if (failure === null) {
        this.#handlers.stored(events);
      } else if (failure.kind === 'noResponders' || failure.kind === 'api') {
        const why =
          failure.kind === 'noResponders'
            ? `no JetStream stream takes subject '${storedSubject}'`
            : failure.message;
        this.#handlers.refused(events, `not stored: ${why}`);
      } else {
        const delay = Math.min(RETRY_MAX, RETRY_FIRST * 2 ** attempt);
        this.#later(delay, () => this.#publish(events, text, attempt + 1));
      }
    });
  }
}
