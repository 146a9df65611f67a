// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Segmented } from './Segmented.tsx';

afterEach(cleanup);

function Harness() {
  const [value, setValue] = useState<'a' | 'b'>('a');
  return <><Segmented<'a' | 'b'> label="Pick" value={value} onChange={setValue} options={[{ value: 'a', label: 'Alpha' }, { value: 'b', label: 'Beta', adornment: <span aria-hidden="true">9</span> }]} /><output>{value}</output></>;
}

describe('Segmented', () => {
  it('is a radio group named by its label; choosing a segment reports its value', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    expect(screen.getByRole('radiogroup', { name: 'Pick' })).toBeTruthy();
    expect(screen.getByRole<HTMLInputElement>('radio', { name: 'Alpha' }).checked).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'Beta' }));
    expect(screen.getByRole('status').textContent).toBe('b');
  });
});
