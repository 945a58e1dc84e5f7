import { checkModel } from '../../src/model/compose/check-model';
import { duration, memorySize, nginxSeconds, nginxTime } from '../../src/model/values';
import { FlaskServicePropsSchema } from '../../src/patterns/flask-service/flask-service';

describe('one rule per value, used by the props schemas and the model checks alike', () => {
  test.each(['100µs', '100μs', '100us', '1m30s', '1.5h', '500ms'])(
    'Go duration %s: the FlaskService schema and the Compose check both accept it',
    (value) => {
      // GIVEN a duration Docker accepts
      // WHEN a FlaskService and the Compose model check it
      const props = FlaskServicePropsSchema.safeParse({ image: 'x', healthcheck: { interval: value } });
      const model = checkModel({
        name: 'p',
        services: { web: { image: 'x', healthcheck: { test: ['true'], interval: value } } },
      });
      // THEN both agree
      expect(props.success).toBe(true);
      expect(model).toEqual([]);
    },
  );

  test('a bad duration is refused by both, in the same words', () => {
    // GIVEN
    const props = FlaskServicePropsSchema.safeParse({ image: 'x', healthcheck: { interval: 'soon' } });
    const model = checkModel({
      name: 'p',
      services: { web: { image: 'x', healthcheck: { test: ['true'], interval: 'soon' } } },
    });
    // THEN
    expect(props.error?.issues[0]?.message).toBe(`expected ${duration.expected}`);
    expect(model.map((d) => d.message)).toEqual([`expected ${duration.expected}, got "soon"`]);
  });

  test('memory sizes: what Docker reads, one word', () => {
    expect(['512m', '1g', '1.5GiB', '1048576'].filter((v) => !memorySize.test(v))).toEqual([]);
    expect(['1 GB', 'lots', '-1m'].filter((v) => memorySize.test(v))).toEqual([]);
  });

  test('nginx seconds refuse milliseconds, nginx times take them', () => {
    expect(nginxTime.test('500ms')).toBe(true);
    expect(nginxSeconds.test('500ms')).toBe(false);
    expect(nginxSeconds.test('10m')).toBe(true);
  });
});
