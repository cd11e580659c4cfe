/**
 * A link over a WebSocket (`ws` under Node, the platform's in browsers), to a gaplic on
 * another host. It speaks protocol v1 (one ginsfsm message per text frame) or v2 (one
 * batch per frame), as the handshake agreed; a received frame is decoded here and
 * handed to the router as a batch, or as a `FrameError` the router logs and drops.
 *
 * Frames stay under `maxFrame`: a batch too big for one frame is split; a single message
 * too big for any frame is refused to `onReject` (the router nacks it to its sender).
 * When the peer stops reading (our unsent bytes pass a high-water mark) we stop reading
 * it too, so a peer that floods without reading its acks cannot grow our memory.
 */
import { clearHostTimeout, setHostTimeout } from '../util/host-services.js';
import {
  decodeFrame,
  encodeV1,
  encodeV2,
  FrameError,
  utf8Length,
  type ProtocolVersion,
} from '../wire/frames.js';
import type { WireMessage } from '../wire/messages.js';
import type { WsSocket } from './transport.js';
import { BaseLink } from './link.js';

/** Unsent bytes beyond which we stop reading the peer, and below which we read again. */
const HIGH_WATER = 8 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
/** How often a paused link looks whether the peer has read. */
const DRAIN_POLL_MS = 10;

/** WebSocket close codes the router uses (RFC 6455 §7.4.1). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  protocolError: 1002,
  policy: 1008,
  tooBig: 1009,
} as const;

export class WebSocketLink extends BaseLink {
  readonly socket: WsSocket;
  readonly protocol: ProtocolVersion;
  /** Largest frame sent, in bytes (the smaller of ours and the peer's). */
  maxFrame: number;
  /** When the peer was last heard (the router's clock; set by its heartbeat). */
  lastHeard = 0;
  /** The code of the peer's close frame (1006 when the connection just dropped), once closed. */
  peerCloseCode = 0;
  #heard = true;
  #closeCode: number = CLOSE.normal;
  #onReject: ((message: WireMessage, reason: string) => void) | null = null;
  /** Why reading is paused: the peer does not read us, or the router is behind. */
  #pausedForOutput = false;
  #pausedForInput = false;
  #drainTimer: unknown = null;
  #drainWaiters: (() => void)[] = [];

  constructor(socket: WsSocket, protocol: ProtocolVersion, maxFrame: number) {
    super();
    this.socket = socket;
    this.protocol = protocol;
    this.maxFrame = maxFrame;
    socket.setHandlers({
      message: (text) => {
        this.#heard = true;
        this.receive(
          text === null
            ? new FrameError('binary frame (text expected)')
            : decodeFrame(text, this.protocol),
        );
      },
      close: (code, reason) => {
        this.peerCloseCode = code;
        this.close(closeReason(code, reason));
      },
      pong: () => {
        this.#heard = true;
      },
    });
  }

  /** Whether the peer was heard since the last call (any frame or pong). */
  takeHeard(): boolean {
    const heard = this.#heard;
    this.#heard = false;
    return heard;
  }

  /** Sets who is told about a message too big for any frame. */
  onReject(handler: (message: WireMessage, reason: string) => void): void {
    this.#onReject = handler;
  }

  send(batch: readonly WireMessage[]): void {
    if (!this.open) return;
    if (this.protocol === 1) {
      for (const message of batch) {
        const text = this.#encode(encodeV1, message);
        if (text !== null) this.#sendText(text, [message]);
      }
    } else {
      const text = this.#encode(encodeV2, batch);
      if (text !== null) this.#sendText(text, batch);
      else this.#sendEncodable(batch);
    }
    if (!this.#pausedForOutput && this.congested) this.#waitForDrain();
  }

  /** True while more bytes wait to be written than the high-water mark. */
  get congested(): boolean {
    return this.socket.bufferedAmount > HIGH_WATER;
  }

  /** Calls `callback` once the bytes waiting to be written fall below the low-water mark. */
  onDrain(callback: () => void): void {
    this.#drainWaiters.push(callback);
    if (!this.#pausedForOutput) this.#waitForDrain();
  }

  /** Closes with a close frame carrying `code` and `reason`. */
  closeWith(code: number, reason: string): void {
    this.#closeCode = code;
    this.close(reason);
  }

  /** Drops the connection without the closing handshake (the peer is dead). */
  terminate(reason: string): void {
    this.socket.terminate();
    this.close(reason);
  }

  /** The router is behind with this link's batches: stop reading until it catches up. */
  pauseInput(paused: boolean): void {
    this.#pausedForInput = paused;
    this.#applyPause();
  }

  protected release(): void {
    if (this.#drainTimer !== null) clearHostTimeout(this.#drainTimer);
    this.#drainTimer = null;
    // A close reason is at most 123 bytes (RFC 6455 §5.5).
    this.socket.close(this.#closeCode, this.closedReason.slice(0, 120));
  }

  /** The text of `value`, or null when it cannot be written (a kw nested too deep). */
  #encode<T>(encode: (value: T) => string, value: T): string | null {
    try {
      return encode(value);
    } catch (error) {
      // A batch is retried message by message; a single message is refused.
      if (!Array.isArray(value))
        this.#onReject?.(value as WireMessage, `not writable as JSON (${String(error)})`);
      return null;
    }
  }

  /** A batch that could not be encoded whole: the messages that can be, in one frame. */
  #sendEncodable(batch: readonly WireMessage[]): void {
    const good = batch.filter((message) => this.#encode(encodeV1, message) !== null);
    if (good.length > 0) this.#sendText(encodeV2(good), good);
  }

  #sendText(text: string, batch: readonly WireMessage[]): void {
    if (text.length * 3 <= this.maxFrame || utf8Length(text) <= this.maxFrame) {
      this.socket.send(text);
    } else if (batch.length > 1) {
      const half = batch.length >> 1;
      this.#sendText(encodeV2(batch.slice(0, half)), batch.slice(0, half));
      this.#sendText(encodeV2(batch.slice(half)), batch.slice(half));
    } else {
      this.#onReject?.(
        batch[0]!,
        `too large: ${utf8Length(text)} bytes, over the frame limit of ${this.maxFrame}`,
      );
    }
  }

  #waitForDrain(): void {
    this.#pausedForOutput = true;
    this.#applyPause();
    const poll = (): void => {
      this.#drainTimer = null;
      if (!this.open) return;
      if (this.socket.bufferedAmount > LOW_WATER) {
        this.#drainTimer = setHostTimeout(poll, DRAIN_POLL_MS);
        return;
      }
      this.#pausedForOutput = false;
      this.#applyPause();
      const waiters = this.#drainWaiters;
      this.#drainWaiters = [];
      for (const waiter of waiters) waiter();
    };
    this.#drainTimer = setHostTimeout(poll, DRAIN_POLL_MS);
  }

  #applyPause(): void {
    if (this.#pausedForInput || this.#pausedForOutput) this.socket.pause();
    else this.socket.resume();
  }
}

function closeReason(code: number, reason: string): string {
  return reason === '' ? `connection closed (code ${code})` : `${reason} (code ${code})`;
}
