import { WebSocket } from "ws";
import { CloseCode, closeReason, errorFrame } from "./protocol";

// Allocated once: ws copies its options per send, but there is no reason to add garbage here too.
const TEXT_FRAME = { binary: false } as const;

export interface SignedInUser {
  id: string;
  info: unknown;
}

/**
 * One client socket. Kept deliberately small (a few scalars per connection): channel
 * membership lives in the registry, and liveness uses the hub's coarse clock.
 */
export class Connection {
  user: SignedInUser | undefined = undefined;
  /** Coarse-clock time of the last inbound frame or pong. */
  lastSeen: number;
  /** Coarse-clock time of an unanswered ping, or 0 when none is outstanding. */
  pingSentAt = 0;
  private rateWindowStart = 0;
  private rateWindowCount = 0;

  constructor(
    readonly ws: WebSocket,
    readonly socketId: string,
    /** The client's address, for the per-IP connection cap. */
    readonly ip: string,
    now: number,
    private readonly maxBufferedBytes: number,
  ) {
    this.lastSeen = now;
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame: string): void {
    if (this.open) this.ws.send(frame);
  }

  /**
   * Fan-out path: the frame is encoded once per publish and the same Buffer goes to
   * every subscriber (server frames are unmasked, so ws does not copy it).
   */
  sendShared(frame: Buffer): void {
    if (!this.open) return;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      // Queuing without bound would let one stalled client exhaust memory for everyone.
      this.close(CloseCode.OverCapacity, "Client is not reading fast enough");
      return;
    }
    this.ws.send(frame, TEXT_FRAME);
  }

  sendError(code: number | null, message: string, channel?: string): void {
    this.send(errorFrame(code, message, channel));
  }

  /** Tells the client why (pusher:error), then closes with a code that drives its retry policy. */
  close(code: number, message: string): void {
    if (!this.open) return;
    this.sendError(code, message);
    this.ws.close(code, closeReason(message));
  }

  /** Fixed one-second window; returns false once the connection is over its quota. */
  takeClientEventToken(nowMs: number, perSecond: number): boolean {
    if (nowMs - this.rateWindowStart >= 1000) {
      this.rateWindowStart = nowMs;
      this.rateWindowCount = 0;
    }
    this.rateWindowCount += 1;
    return this.rateWindowCount <= perSecond;
  }
}
