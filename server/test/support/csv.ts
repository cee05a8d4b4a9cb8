// A strict RFC 4180 reader for tests: quoted fields (with "" for a quote), CRLF record ends.
// Strict on purpose: a bare LF, a stray quote or a last record without CRLF is an error, not a guess.
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    if (text[i] === '"' && field === '') {
      // A quoted field runs to the quote that is not doubled.
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error(`unterminated quoted field in record ${records.length + 1}`);
        field += text.slice(i, quote);
        if (text[quote + 1] === '"') {
          field += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      if (text[i] !== ',' && !text.startsWith('\r\n', i)) throw new Error(`text after a closing quote in record ${records.length + 1}`);
      continue;
    }
    if (text[i] === ',') {
      endField();
      i++;
    } else if (text.startsWith('\r\n', i)) {
      endField();
      records.push(record);
      record = [];
      i += 2;
    } else if (text[i] === '"' || text[i] === '\n' || text[i] === '\r') {
      throw new Error(`a ${JSON.stringify(text[i])} outside quotes in record ${records.length + 1}`);
    } else {
      field += text[i];
      i++;
    }
  }
  if (field !== '' || record.length > 0) throw new Error('the last record does not end with CRLF');
  return records;
}
