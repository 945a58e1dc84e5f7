import {
  escapeSwarmTemplateText,
  perTask,
  taskTemplateSchema,
  toSwarmTemplate,
} from '../../../src/model/compose';

describe('perTask', () => {
  test('splits literal text and placeholders', () => {
    expect(perTask`backend.${'Task.Slot'}`).toEqual({
      swarmTemplate: ['backend.', { placeholder: 'Task.Slot' }],
    });
    expect(perTask`${'Node.Hostname'}-${'Task.Slot'}`).toEqual({
      swarmTemplate: [{ placeholder: 'Node.Hostname' }, '-', { placeholder: 'Task.Slot' }],
    });
  });

  test('withComposeValue adds the Compose fallback and leaves the original alone', () => {
    const template = perTask`${'Task.Slot'}`;
    expect(template.withComposeValue('1')).toEqual({
      swarmTemplate: [{ placeholder: 'Task.Slot' }],
      composeValue: '1',
    });
    expect(template).not.toHaveProperty('composeValue');
  });

  test('its value is plain data the strict schema accepts', () => {
    expect(taskTemplateSchema.parse(perTask`log-${'Task.Slot'}`)).toEqual({
      swarmTemplate: ['log-', { placeholder: 'Task.Slot' }],
    });
    expect(JSON.parse(JSON.stringify(perTask`a${'Task.ID'}`))).toEqual({
      swarmTemplate: ['a', { placeholder: 'Task.ID' }],
    });
  });

  test('the schema refuses placeholders Swarm does not expand', () => {
    expect(taskTemplateSchema.safeParse({ swarmTemplate: [{ placeholder: 'Task.Secret' }] }).success).toBe(
      false,
    );
  });
});

describe('toSwarmTemplate', () => {
  test('writes placeholders as Go template actions', () => {
    expect(toSwarmTemplate(perTask`backend.${'Task.Slot'}`)).toBe('backend.{{.Task.Slot}}');
  });

  test('escapes literal braces so user text cannot open an action', () => {
    expect(toSwarmTemplate({ swarmTemplate: ['{{.Secret}}-', { placeholder: 'Task.Slot' }] })).toBe(
      '{{"{{"}}.Secret}}-{{.Task.Slot}}',
    );
    expect(escapeSwarmTemplateText('no braces')).toBe('no braces');
  });
});
