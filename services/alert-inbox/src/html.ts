// Text into the inbox's server-rendered HTML: every character that could open markup or end
// an attribute becomes a numeric character reference.
export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
