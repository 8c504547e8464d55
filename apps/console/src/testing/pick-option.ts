// Test helper (component specs): Mantine's Select and Autocomplete list their options in a portal.
import { fireEvent, waitFor, within } from '@testing-library/react';

/** Picks `option` of the Mantine Select labelled `label` inside `container` (its listbox is named by aria-controls). */
export async function pickOption(label: string | RegExp, option: string, container: HTMLElement = document.body): Promise<void> {
  const input = within(container).getByRole('combobox', { name: label });
  fireEvent.click(input);
  const listbox = await waitFor(() => {
    const id = input.getAttribute('aria-controls');
    const found = id ? document.getElementById(id) : null;
    if (!found) throw new Error(`no listbox for ${String(label)}`);
    return found;
  });
  fireEvent.click(await within(listbox).findByRole('option', { name: option, hidden: true }));
}
