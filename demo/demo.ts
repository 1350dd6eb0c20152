// The demo page: picks a sample model, language and theme, and hands them to the elements.
import '../components/assessment/assessment.js';
import '../components/model-summary/model-summary.js';
import '../components/plan/plan.js';
import '../components/profile/profile.js';
import { startAssessment } from '../src/assessment/index.js';
import { validateModel } from '../src/model/load.js';
import { contentLanguages } from '../src/model/languages.js';
import type { Model } from '../src/model/types.js';
import { planPathway } from '../src/planner/index.js';

const select = (id: string): HTMLSelectElement => document.getElementById(id) as HTMLSelectElement;
const modelPicker = select('model');
const langPicker = select('lang');
const themePicker = select('theme');
const params = new URLSearchParams(location.search);

for (const [picker, key] of [[modelPicker, 'model'], [langPicker, 'lang'], [themePicker, 'theme']] as const) {
  const value = params.get(key);
  if (value && [...picker.options].some((o) => o.value === value)) picker.value = value;
  picker.addEventListener('change', () => void apply());
}

/** A simulated learner: answers every item of a fixed-form assessment with a seeded pattern. */
function sampleLearner(model: Model) {
  const role = model.roles[0]!;
  const session = startAssessment(model, { currentRole: role.id, ...(role.next ? { targetRole: role.next } : {}), mode: 'fixed', seed: 11 });
  let n = 0;
  for (let next = session.next(); next; next = session.next()) {
    const item = model.items.find((i) => i.id === next.itemId)!;
    const k = n++ % 3;
    if (item.type === 'situational' && item.format === 'most-least') session.answer({ item: item.id, most: k, least: (k + 1) % item.options.length });
    else if (item.type === 'situational' && item.format === 'rate-each') session.answer({ item: item.id, ratings: item.options.map((_, i) => 1 + ((i + k) % 5)) });
    else if (item.type === 'forced-choice') session.answer({ item: item.id, choice: k % 2 });
    else {
      const count = item.type === 'anchored' ? item.options.length : item.type === 'evidence' ? item.rubric.length : item.type === 'situational' ? item.options.length : 5;
      session.answer({ item: item.id, choice: Math.min(count - 1, 2 + (k % 2)) });
    }
  }
  const results = session.results();
  return { results, plan: planPathway(model, results) };
}

/** The sample learner as the elements' headings name them, in the page's language (no case endings needed). */
const SAMPLE_NAME: Record<string, string> = { en: 'Sam, a sample learner', de: 'Sam (Beispielperson)', fr: 'Sam (personne fictive)' };

async function apply(): Promise<void> {
  const src = `./models/${modelPicker.value}.json`;
  const checked = validateModel(await (await fetch(src)).json());
  // Offer only the languages the model is written in: no French buttons around English questions.
  const available = checked.ok ? contentLanguages(checked.model) : [...langPicker.options].map((o) => o.value);
  for (const option of langPicker.options) option.hidden = option.disabled = !available.includes(option.value);
  if (!available.includes(langPicker.value)) langPicker.value = available.find((l) => [...langPicker.options].some((o) => o.value === l)) ?? 'en';
  const lang = langPicker.value;
  const theme = themePicker.value;
  document.documentElement.lang = lang;
  document.documentElement.style.colorScheme = theme === 'auto' ? 'light dark' : theme;
  document.body.dataset.theme = theme;
  for (const id of ['assessment', 'profile', 'plan', 'summary']) {
    const element = document.getElementById(id)!;
    element.setAttribute('lang', lang);
    element.setAttribute('theme', theme);
  }
  const assessment = document.getElementById('assessment')!;
  if (assessment.getAttribute('src') !== src) assessment.setAttribute('src', src);
  document.getElementById('summary')!.setAttribute('src', src);
  const url = new URL(location.href);
  url.searchParams.set('model', modelPicker.value);
  url.searchParams.set('lang', lang);
  url.searchParams.set('theme', theme);
  history.replaceState(null, '', url);

  if (!checked.ok) return; // the elements show the problems themselves
  const { results, plan } = sampleLearner(checked.model);
  for (const id of ['profile', 'plan']) document.getElementById(id)!.setAttribute('subject', SAMPLE_NAME[lang] ?? SAMPLE_NAME.en!);
  Object.assign(document.getElementById('profile')!, { model: checked.model, results });
  Object.assign(document.getElementById('plan')!, { model: checked.model, results, plan });
}

void apply();
