import { useTestClient } from '../../../../test/support/test-database';
import { CUTOFF_IN_FORCE } from '../enforcement.sql';
import { CutoffTerms, isInForce } from './cutoff';

/** Whether a cutoff is in force is decided in TypeScript (views) and in SQL (supply checks, breaches): the same cases, the same answers. */
describe('a cutoff in force', () => {
  const client = useTestClient();

  const at = new Date('2026-06-01T12:00:00Z');
  const hour = 3_600_000;
  const cases: Array<[string, Partial<CutoffTerms>, boolean]> = [
    ['started, before its end', { startsAt: new Date(at.getTime() - hour), endsAt: new Date(at.getTime() + hour) }, true],
    ['starting this very moment', { startsAt: at, endsAt: new Date(at.getTime() + hour) }, true],
    ['ending this very moment', { startsAt: new Date(at.getTime() - hour), endsAt: at }, false],
    ['not started yet', { startsAt: new Date(at.getTime() + hour), endsAt: new Date(at.getTime() + 2 * hour) }, false],
    ['past its planned end', { startsAt: new Date(at.getTime() - 2 * hour), endsAt: new Date(at.getTime() - hour) }, false],
    [
      'lifted after that moment',
      { startsAt: new Date(at.getTime() - hour), endsAt: new Date(at.getTime() + hour), liftedAt: new Date(at.getTime() + 1) },
      true,
    ],
    ['lifted', { startsAt: new Date(at.getTime() - hour), endsAt: new Date(at.getTime() + hour), liftedAt: new Date(at.getTime() - 1) }, false],
    ['a penalty, not a cutoff', { type: 'fine', startsAt: new Date(at.getTime() - hour), endsAt: new Date(at.getTime() + hour) }, false],
  ];

  it.each(cases)('%s: the same answer in both', async (_name, terms, expected) => {
    const action = { type: 'supply_cutoff', liftedAt: null, startsAt: null, endsAt: null, ...terms } as CutoffTerms;
    expect(isInForce(action, at)).toBe(expected);
    const { rows } = await client().query(
      `SELECT ${CUTOFF_IN_FORCE('a', '$5::timestamptz')} AS in_force FROM (SELECT $1::text AS type, $2::timestamptz AS lifted_at, $3::timestamptz AS starts_at, $4::timestamptz AS ends_at) a`,
      [action.type, action.liftedAt, action.startsAt, action.endsAt, at],
    );
    expect(rows[0].in_force).toBe(expected);
  });
});
