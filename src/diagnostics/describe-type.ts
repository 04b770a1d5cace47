/** How a value type is described to an author, in either language ("a list of numbers" / "数值的列表"). */
import type { Ty } from '../core/types.js';
import { list, word, type TextRef } from './codes.js';

/** A type in the author's words, as a vocabulary reference rendered in either language ("a list of numbers" / "数值的列表"). */
export function describeTy(t: Ty): TextRef {
  switch (t.k) {
    case 'number':
      return word(t.int ? 'T.int' : t.ratio ? 'T.ratio' : 'T.number');
    case 'bool':
      return word('T.bool');
    case 'date':
      return word('T.date');
    case 'text':
      return word('T.text');
    case 'enum':
      return word('T.enum', list(t.members));
    case 'list':
      return t.elem.k === 'record' ? word('T.record_list') : word('T.list_of', plural(t.elem));
    case 'record':
      return word('T.record');
    case 'error':
      return word('T.unknown');
  }
}

/** The plural of an element type, for "a list of …". */
function plural(t: Ty): TextRef {
  switch (t.k) {
    case 'number':
      return word(t.int ? 'T.int_pl' : t.ratio ? 'T.ratio_pl' : 'T.number_pl');
    case 'bool':
      return word('T.bool_pl');
    case 'date':
      return word('T.date_pl');
    case 'text':
      return word('T.text_pl');
    case 'enum':
      return word('T.enum_pl', list(t.members));
    case 'list':
      return word('T.list_pl', plural(t.elem));
    case 'record':
      return word('T.record_pl');
    case 'error':
      return word('T.unknown_pl');
  }
}
