import { afterEach, describe, expect, it } from 'vitest';
import { appInfo } from '../test/fixtures';
import { setLang } from './locale.svelte';
import { profileName, program, setProgramNames, streamName } from './program.svelte';

describe('program names', () => {
  afterEach(() => {
    setLang('fr');
  });

  it('shows the code until the backend sends the program names', () => {
    program.names = null;
    expect(streamName('ai')).toBe('ai');
    expect(profileName('regular')).toBe('regular');
  });

  it('names streams and profiles as the program file does, in the screen’s language', () => {
    setProgramNames(appInfo.program);
    expect([streamName('ai'), streamName('it_vfx'), profileName('francization')]).toEqual(['IA', 'TI-EV', 'Francisation']);
    setLang('en');
    expect([streamName('ai'), streamName('it_vfx'), profileName('regular')]).toEqual(['AI', 'IT-VFX', 'Regular']);
  });
});
