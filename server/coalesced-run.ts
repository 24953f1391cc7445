/** A background job's flags: whether it runs now, and whether it was kicked while running. */
export interface RunState {
  running: boolean;
  again: boolean;
}

/**
 * Starts `work` in the background unless it is already running; a kick during a run makes one
 * more run follow it, so work committed during a run is never left waiting for the next kick.
 * Never throws: a failure goes to `onError`, and the next kick tries again.
 */
export function kickCoalesced(state: RunState, work: () => Promise<void>, onError: (error: unknown) => void): void {
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  void (async () => {
    try {
      do {
        state.again = false;
        await work();
      } while (state.again);
    } catch (error) {
      onError(error);
    } finally {
      state.running = false;
    }
  })();
}
