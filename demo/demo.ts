// The demo page: picks a sample model, language and theme, and hands them to the elements.
import '../components/model-summary/model-summary.js';

const select = (id: string): HTMLSelectElement => document.getElementById(id) as HTMLSelectElement;
const modelPicker = select('model');
const langPicker = select('lang');
const themePicker = select('theme');
const params = new URLSearchParams(location.search);

for (const [picker, key] of [[modelPicker, 'model'], [langPicker, 'lang'], [themePicker, 'theme']] as const) {
  const value = params.get(key);
  if (value && [...picker.options].some((o) => o.value === value)) picker.value = value;
  picker.addEventListener('change', apply);
}

function apply(): void {
  const summary = document.getElementById('summary')!;
  summary.setAttribute('src', `./models/${modelPicker.value}.json`);
  summary.setAttribute('lang', langPicker.value);
  summary.setAttribute('theme', themePicker.value);
  document.documentElement.style.colorScheme = themePicker.value === 'auto' ? 'light dark' : themePicker.value;
  const url = new URL(location.href);
  url.searchParams.set('model', modelPicker.value);
  url.searchParams.set('lang', langPicker.value);
  url.searchParams.set('theme', themePicker.value);
  history.replaceState(null, '', url);
}

apply();
