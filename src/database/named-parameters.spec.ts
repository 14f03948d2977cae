import { bindNamed } from './named-parameters';

describe('bindNamed', () => {
  it('numbers the names a statement uses, in order of first use, leaving casts alone', () => {
    expect(bindNamed('SELECT $b::text, $a, $b FROM t WHERE x::int = 1', { a: 1, b: 'two', c: 3 })).toEqual({
      text: 'SELECT $1::text, $2, $1 FROM t WHERE x::int = 1',
      parameters: ['two', 1],
    });
  });

  it('refuses a name without a value', () => expect(() => bindNamed('SELECT $missing', {})).toThrow('no value for $missing'));
});
