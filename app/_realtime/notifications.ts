/**
 * Browser notifications for new messages, withdrawn when the message is recalled and replaced
 * when it is edited. The on/off
 * choice lives in localStorage (per browser); nothing about messages is ever stored.
 */
export const NOTIFY_STORAGE_KEY = "recall:notifications";

export type NotifyChannel = "none" | "browser" | "toast";

/** How to tell the user about a new message, or not at all. Pure. */
export function notifyChannel(input: {
  enabled: boolean;
  permission: NotificationPermission | "unsupported";
  fromMe: boolean;
  readable: boolean;
  inView: boolean;
}): NotifyChannel {
  if (!input.enabled || input.fromMe || !input.readable || input.inView) return "none";
  return input.permission === "granted" ? "browser" : "toast";
}

type Listener = () => void;
const listeners = new Set<Listener>();

export const notificationSetting = {
  get(): boolean {
    try {
      return window.localStorage.getItem(NOTIFY_STORAGE_KEY) === "on";
    } catch {
      return false;
    }
  },
  /** Server render: off, so the first client render matches. */
  getServer(): boolean {
    return false;
  },
  set(on: boolean): void {
    try {
      window.localStorage.setItem(NOTIFY_STORAGE_KEY, on ? "on" : "off");
    } catch {
      // Storage may be unavailable (private mode); the toggle then lasts for this page only.
    }
    for (const l of listeners) l();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    const onStorage = (e: StorageEvent) => {
      if (e.key === NOTIFY_STORAGE_KEY) listener();
    };
    window.addEventListener("storage", onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener("storage", onStorage);
    };
  },
};

export function notificationPermission(): NotificationPermission | "unsupported" {
  return typeof window !== "undefined" && "Notification" in window ? Notification.permission : "unsupported";
}

/** Shown notifications by message id, so a recall can close the one it concerns and an edit replace it. */
export class Notifier {
  private shown = new Map<string, { n: Notification; title: string; onClick: () => void }>();

  show(messageId: string, title: string, body: string, onClick: () => void): void {
    if (notificationPermission() !== "granted") return;
    try {
      const n = new Notification(title, { body, tag: messageId, silent: this.shown.has(messageId) });
      const entry = { n, title, onClick };
      n.onclick = () => {
        window.focus();
        onClick();
        n.close();
      };
      n.onclose = () => {
        if (this.shown.get(messageId) === entry) this.shown.delete(messageId);
      };
      this.shown.set(messageId, entry);
    } catch {
      // Some browsers (Android Chrome) only allow notifications from a service worker.
    }
  }

  /**
   * An edited message: a notification still showing it is replaced (same tag, silently) with the
   * new text, so the old text is not left on screen. None is shown when none was showing.
   */
  replace(messageId: string, body: string): void {
    const entry = this.shown.get(messageId);
    if (entry) this.show(messageId, entry.title, body, entry.onClick);
  }

  withdraw(messageId: string): void {
    const entry = this.shown.get(messageId);
    if (!entry) return;
    this.shown.delete(messageId);
    entry.n.close();
  }

  closeAll(): void {
    for (const entry of this.shown.values()) entry.n.close();
    this.shown.clear();
  }
}
