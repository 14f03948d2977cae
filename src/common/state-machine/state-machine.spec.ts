import { StateMachine } from './state-machine';

type Light = 'red' | 'green' | 'amber' | 'off';
interface Context {
  power: boolean;
  note?: string;
}

const machine = new StateMachine<Light, Context>(
  { red: ['green', 'off'], green: ['amber'], amber: ['red'], off: [] },
  {
    green: [{ check: (context) => (context.power ? null : 'no power') }],
    off: [{ check: (context) => (context.note ? null : 'a note is required'), input: true }],
  },
);

describe('StateMachine', () => {
  describe('check', () => {
    it('lets a move in the table through when every guard agrees', () => {
      expect(machine.check('red', 'green', { power: true })).toEqual({ ok: true });
    });

    it('refuses a move the table does not have, naming where it may go', () => {
      expect(machine.check('green', 'red', { power: true })).toEqual({
        ok: false,
        illegal: true,
        from: 'green',
        to: 'red',
        reason: 'from green the only moves are to amber',
      });
    });

    it('calls a state without moves final', () => {
      expect(machine.check('off', 'red', { power: true })).toMatchObject({ ok: false, illegal: true, reason: 'off is final' });
    });

    it('refuses a guarded move with the guard’s reason', () => {
      expect(machine.check('red', 'green', { power: false })).toEqual({ ok: false, illegal: false, from: 'red', to: 'green', reason: 'no power' });
    });

    it('checks input guards', () => {
      expect(machine.check('red', 'off', { power: true })).toMatchObject({ ok: false, reason: 'a note is required' });
      expect(machine.check('red', 'off', { power: true, note: 'closing' })).toEqual({ ok: true });
    });
  });

  describe('nextStates', () => {
    it('lists the moves from a state with what blocks them, input guards aside', () => {
      expect(machine.nextStates('red', { power: false })).toEqual([
        { to: 'green', allowed: false, reason: 'no power' },
        { to: 'off', allowed: true, reason: null },
      ]);
    });

    it('lists nothing from a final state', () => {
      expect(machine.nextStates('off', { power: true })).toEqual([]);
    });
  });
});
