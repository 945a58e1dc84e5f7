import { escapeDollars } from '../../../src/model/compose/interpolation';

describe('escapeDollars', () => {
  test('GIVEN values with $ at any depth WHEN escaped THEN each $ is $$, keys stay, and the input is untouched', () => {
    // GIVEN
    const input = { services: { web: { environment: { A: 'a$b', $KEY: 'x' }, command: ['echo', '$HOME'] } } };
    const before = JSON.stringify(input);
    // WHEN
    const escaped = escapeDollars(input);
    // THEN
    expect(escaped).toEqual({
      services: { web: { environment: { A: 'a$$b', $KEY: 'x' }, command: ['echo', '$$HOME'] } },
    });
    expect(JSON.stringify(input)).toBe(before);
  });

  test('GIVEN a subtree without $ WHEN escaped THEN it is shared, not copied; one with $ is a copy', () => {
    const plain = { image: 'nginx:1.28', ports: ['80:80'] };
    const input = { services: { nginx: plain, web: { command: ['$x'] } } };
    const escaped = escapeDollars(input);
    expect(escaped.services.nginx).toBe(plain);
    expect(escaped.services.web).not.toBe(input.services.web);
    expect(escaped).not.toBe(input);
  });

  test('GIVEN a key named __proto__ WHEN its value is escaped THEN it stays an own key, not the prototype', () => {
    const input = JSON.parse('{"environment": {"__proto__": "a$b", "B": "c"}}') as {
      environment: Record<string, string>;
    };
    const escaped = escapeDollars(input);
    expect(Object.getPrototypeOf(escaped.environment)).toBe(Object.prototype);
    expect(Object.entries(escaped.environment)).toEqual([
      ['__proto__', 'a$$b'],
      ['B', 'c'],
    ]);
  });
});
