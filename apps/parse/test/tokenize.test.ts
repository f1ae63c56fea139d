/** The page's tokenizer writes words as UD English EWT does, so the parser sees what it was trained on. */
import { expect, it } from 'vitest';
import { tokenize } from '../web/tokenize';

it('splits punctuation and clitics off, keeps abbreviations, initials and numbers whole', () => {
  expect(tokenize("I don't know, Mr. Smith.")).toEqual(['I', 'do', "n't", 'know', ',', 'Mr.', 'Smith', '.']);
  expect(tokenize("She's here (really!) and we'll go...")).toEqual(['She', "'s", 'here', '(', 'really', '!', ')', 'and', 'we', "'ll", 'go', '...']);
  expect(tokenize('"Yes," he said.')).toEqual(['"', 'Yes', ',', '"', 'he', 'said', '.']);
  expect(tokenize("I can't. U.S. troops won't go.")).toEqual(['I', 'ca', "n't", '.', 'U.S.', 'troops', 'wo', "n't", 'go', '.']);
  expect(tokenize('It costs $3.50, i.e. cheap, says J. Doe.')).toEqual(['It', 'costs', '$', '3.50', ',', 'i.e.', 'cheap', ',', 'says', 'J.', 'Doe', '.']);
});

it('returns words already split on spaces as typed, and nothing for blank text', () => {
  expect(tokenize('  The cat   sat .\n')).toEqual(['The', 'cat', 'sat', '.']);
  expect(tokenize(' \n\t ')).toEqual([]);
  expect(tokenize('.')).toEqual(['.']);
});
