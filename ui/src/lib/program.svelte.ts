// The program's own names for its streams and profiles, as the program file gives them
// and the backend sends them (`app_info`): the UI holds no copy of program data. Until
// they arrive, a stream or profile shows its code.
import type { Profile } from './bindings/Profile';
import type { ProgramNames } from './bindings/ProgramNames';
import type { Stream } from './bindings/Stream';
import { locale } from './locale.svelte';

export const program = $state<{ names: ProgramNames | null }>({ names: null });

export function setProgramNames(names: ProgramNames): void {
  program.names = names;
}

/** P2: the stream's short name (`IA`, `AI`), reactive on the language. */
export function streamName(stream: Stream): string {
  const def = program.names?.streams.find((s) => s.stream === stream);
  return def ? def.short[locale.lang] : stream;
}

/** P3: the profile's short name (`Francisation`), reactive on the language. */
export function profileName(profile: Profile): string {
  const def = program.names?.profiles.find((p) => p.profile === profile);
  return def ? def.short[locale.lang] : profile;
}
