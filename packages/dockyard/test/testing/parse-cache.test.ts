import { parse as parseYaml } from 'yaml';
import { Template, Testing } from '../../src/testing';
import { parseRemembered } from '../../src/testing/parse-cache';
import { shopStack } from './fixtures';

describe('parsed artifacts remembered by text', () => {
  test('the same text is parsed once, and each caller gets an equal copy of its own', () => {
    // GIVEN
    let parses = 0;
    const parse = (text: string) => {
      parses++;
      return parseYaml(text) as unknown;
    };
    const text = 'services:\n  web:\n    image: "shop:1.4"\n';
    // WHEN
    const first = parseRemembered('compose', text, parse) as { services: Record<string, unknown> };
    first.services.intruder = {}; // a test changing what it was given
    const second = parseRemembered('compose', text, parse);
    const third = parseRemembered('compose', text, parse);
    // THEN
    expect(parses).toBe(1);
    expect(second).toEqual({ services: { web: { image: 'shop:1.4' } } });
    expect(third).toEqual(second);
    expect(third).not.toBe(second);
  });

  test('one text of two kinds is parsed once per kind', () => {
    // GIVEN
    const kinds: string[] = [];
    const text = 'kind-test: 1\n';
    // WHEN
    parseRemembered('compose', text, () => kinds.push('compose'));
    parseRemembered('swarm', text, () => kinds.push('swarm'));
    // THEN
    expect(kinds).toEqual(['compose', 'swarm']);
  });

  test('a large text is parsed on every call, so a big program never stays in memory', () => {
    // GIVEN
    let parses = 0;
    const text = `x: "${'a'.repeat(70 * 1024)}"\n`;
    // WHEN
    parseRemembered('compose', text, () => ++parses);
    parseRemembered('compose', text, () => ++parses);
    // THEN
    expect(parses).toBe(2);
  });

  test('two programs with the same files give equal, separate parsed trees and views', () => {
    // GIVEN two builds of the same program, as tests that share a builder have
    const first = Testing.synth(shopStack()).files['compose.yaml']?.parsed as Record<string, unknown>;
    delete first.services; // what one test does to its copy
    // WHEN
    const again = Template.fromStack(shopStack());
    // THEN
    again.compose.hasService('web', { image: 'shop:1.4' });
    expect(Testing.synth(shopStack()).files['compose.yaml']?.parsed).toEqual(
      parseYaml(again.text('compose.yaml')),
    );
  });
});
