/**
 * A finite state machine driven by a transition table: `table[from]` lists
 * the states reachable from `from`. Guards veto a move by returning a reason;
 * a guard marked `input` checks what the request must carry (an assignee, a
 * reason) rather than the state of the world, and is left out when listing
 * what could be done next.
 */
export interface Guard<C> {
  /** Why the move may not happen now, or null. */
  check: (context: C) => string | null;
  /** Checks the request's input, not the state: skipped by `nextStates`. */
  input?: boolean;
}

export type TransitionCheck<S extends string> = { ok: true } | { ok: false; illegal: boolean; from: S; to: S; reason: string };

export class StateMachine<S extends string, C> {
  constructor(
    private readonly table: Readonly<Record<S, readonly S[]>>,
    private readonly guards: Readonly<Partial<Record<S, readonly Guard<C>[]>>> = {} as Partial<Record<S, readonly Guard<C>[]>>,
  ) {}

  /** The states the table allows from `from`, whatever the guards say. */
  targets(from: S): readonly S[] {
    return this.table[from] ?? [];
  }

  /** Whether the move is legal and every guard lets it through. */
  check(from: S, to: S, context: C): TransitionCheck<S> {
    if (!this.targets(from).includes(to)) {
      const allowed = this.targets(from);
      const reason = allowed.length === 0 ? `${from} is final` : `from ${from} the only moves are to ${allowed.join(' or ')}`;
      return { ok: false, illegal: true, from, to, reason };
    }
    for (const guard of this.guards[to] ?? []) {
      const reason = guard.check(context);
      if (reason !== null) return { ok: false, illegal: false, from, to, reason };
    }
    return { ok: true };
  }

  /** Each state reachable from `from`, with whether the state of the world allows it now (input guards left out). */
  nextStates(from: S, context: C): Array<{ to: S; allowed: boolean; reason: string | null }> {
    return this.targets(from).map((to) => {
      const blocking = (this.guards[to] ?? []).filter((guard) => !guard.input).map((guard) => guard.check(context));
      const reason = blocking.find((found) => found !== null) ?? null;
      return { to, allowed: reason === null, reason };
    });
  }
}
