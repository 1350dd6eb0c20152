// The team demo page: <pathway-team> on a generated organisation's report, with language and theme switches.
import '../components/team/team.js';

const team = document.querySelector('pathway-team')!;
const log = document.querySelector<HTMLElement>('#log')!;
const lang = document.querySelector<HTMLSelectElement>('#lang')!;
const theme = document.querySelector<HTMLSelectElement>('#theme')!;
lang.addEventListener('change', () => {
  document.documentElement.lang = lang.value;
  team.lang = lang.value;
});
theme.addEventListener('change', () => (team.theme = theme.value as 'auto' | 'light' | 'dark'));
team.addEventListener('pathway-person-open', (e) => (log.textContent = `Opened ${e.detail.person.name ?? e.detail.person.id} (pathway-person-open).`));
team.addEventListener('pathway-mentor-accept', (e) => (log.textContent = `Accepted: ${e.detail.pair.mentor} mentors ${e.detail.pair.mentee} (pathway-mentor-accept).`));
team.addEventListener('pathway-mentor-decline', (e) => (log.textContent = `Declined: ${e.detail.pair.mentor} / ${e.detail.pair.mentee} (pathway-mentor-decline).`));
team.addEventListener('pathway-error', (e) => (log.textContent = `Error: ${e.detail.message}`));
