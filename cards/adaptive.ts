// Adaptive Card 1.5 pieces built as plain objects (never by templating JSON strings, so text
// from a practitioner or a pack can never break the card's structure). Teams supports 1.5 at most.
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  speak: string;
  fallbackText: string;
  body: CardElement[];
  actions?: CardAction[];
}

export type CardElement = Record<string, unknown> & { type: string };
export type CardAction = Record<string, unknown> & { type: 'Action.Submit' | 'Action.OpenUrl'; title: string };

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function card(body: CardElement[], options: { speak: string; fallbackText: string; actions?: CardAction[] }): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    speak: options.speak,
    fallbackText: options.fallbackText,
    body,
    ...(options.actions && options.actions.length ? { actions: options.actions } : {}),
  };
}

export const heading = (text: string, level: 'Large' | 'Medium' = 'Medium'): CardElement => ({
  type: 'TextBlock',
  text,
  size: level,
  weight: 'Bolder',
  wrap: true,
  style: 'heading',
});

export const textBlock = (text: string, options: { subtle?: boolean; bold?: boolean; color?: 'Attention' | 'Warning' | 'Good' } = {}): CardElement => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...(options.subtle ? { isSubtle: true, size: 'Small' } : {}),
  ...(options.bold ? { weight: 'Bolder' } : {}),
  ...(options.color ? { color: options.color } : {}),
});

export const container = (items: CardElement[], style?: 'emphasis' | 'attention' | 'warning' | 'good'): CardElement => ({
  type: 'Container',
  items,
  ...(style ? { style, bleed: false } : {}),
});

export const factSet = (facts: { title: string; value: string }[]): CardElement => ({ type: 'FactSet', facts });

export function choiceSet(
  id: string,
  label: string,
  choices: { title: string; value: string }[],
  options: { style?: 'expanded' | 'compact'; required?: boolean; errorMessage?: string; placeholder?: string } = {},
): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    choices,
    style: options.style ?? 'expanded',
    isRequired: options.required ?? true,
    errorMessage: options.errorMessage ?? 'Choose one of the options.',
    ...(options.placeholder ? { placeholder: options.placeholder } : {}),
  };
}

export const textInput = (id: string, label: string, options: { placeholder?: string; maxLength?: number; required?: boolean } = {}): CardElement => ({
  type: 'Input.Text',
  id,
  label,
  isMultiline: false,
  maxLength: options.maxLength ?? 200,
  isRequired: options.required ?? false,
  ...(options.placeholder ? { placeholder: options.placeholder } : {}),
  errorMessage: 'Type a few words, or leave it empty.',
});

/** A submit action; `data` is always an object (Teams drops string data). */
export const submit = (title: string, data: Record<string, unknown>, options: { validate?: boolean; primary?: boolean } = {}): CardAction => ({
  type: 'Action.Submit',
  title,
  data,
  associatedInputs: options.validate ? 'auto' : 'none',
  ...(options.primary ? { style: 'positive' } : {}),
});
