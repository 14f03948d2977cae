import { AppError } from '../errors/app-error';
import { decodeCursor, encodeCursor } from './pagination';

describe('cursors', () => {
  it('round-trip the key of the last row', () => {
    expect(decodeCursor(encodeCursor('0190a1b2-0000-7000-8000-000000000001'))).toBe('0190a1b2-0000-7000-8000-000000000001');
  });

  it.each(['', 'nonsense', Buffer.from('{"x":1}').toString('base64url'), Buffer.from('[1]').toString('base64url')])(
    'refuse %p with INVALID_CURSOR',
    (cursor) => {
      expect(() => decodeCursor(cursor)).toThrow(AppError);
      expect(() => decodeCursor(cursor)).toThrow('cursor is not one this service issued');
    },
  );
});
