import { describe, expect, it } from 'vitest';
import { BOM, csvNumber, field, formatOneDecimal, formatShare, separator, toCsv } from './csv';

describe('toCsv: a table as a spreadsheet opens it', () => {
  it('starts with the UTF-8 byte order mark and ends every line with CRLF', () => {
    const csv = toCsv(['Statut', 'Dossiers'], [['Reçue', 12], ['Refusée', 3]], 'fr');
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe('Statut;Dossiers\r\nReçue;12\r\nRefusée;3\r\n');
    // Encoded, the accents are UTF-8 after EF BB BF.
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes.slice(3, 9))).toBe('Statut');
  });

  it('separates with ; in French and , in English', () => {
    expect(separator('fr')).toBe(';');
    expect(separator('en')).toBe(',');
    expect(toCsv(['Cap', 'Limit'], [['Program', 700]], 'en')).toBe(`${BOM}Cap,Limit\r\nProgram,700\r\n`);
    expect(toCsv(['Plafond', 'Limite'], [['Programme', 700]], 'fr')).toBe(`${BOM}Plafond;Limite\r\nProgramme;700\r\n`);
  });

  it('quotes a field holding the separator, a quote or a line break, and doubles its quotes', () => {
    expect(field('Volet IA; profil régulier', 'fr')).toBe('"Volet IA; profil régulier"');
    expect(field('Volet IA, profil régulier', 'fr')).toBe('Volet IA, profil régulier');
    expect(field('AI stream, regular profile', 'en')).toBe('"AI stream, regular profile"');
    expect(field('AI stream; regular profile', 'en')).toBe('AI stream; regular profile');
    expect(field('le volet "IA"', 'fr')).toBe('"le volet ""IA"""');
    expect(field('deux\nlignes', 'fr')).toBe('"deux\nlignes"');
    expect(field('retour\rchariot', 'en')).toBe('"retour\rchariot"');
    expect(field('', 'fr')).toBe('');
    expect(field(null, 'fr')).toBe('');
    const csv = toCsv(['a', 'b'], [['x "y"', 'z\r\nw']], 'en');
    expect(csv).toBe(`${BOM}a,b\r\n"x ""y""","z\r\nw"\r\n`);
  });

  it('keeps a name from running as a formula', () => {
    expect(field('=SUM(A1:A2)', 'en')).toBe("'=SUM(A1:A2)");
    expect(field('+1', 'fr')).toBe("'+1");
    expect(field('@x', 'fr')).toBe("'@x");
    expect(field('-x;y', 'fr')).toBe('"\'-x;y"');
    // Numbers are numbers, negative ones too.
    expect(field(-3, 'fr')).toBe('-3');
  });

  it('writes numbers as the language does, ungrouped, so that the spreadsheet reads them', () => {
    expect(csvNumber(12345, 'fr')).toBe('12345');
    expect(csvNumber(12345, 'en')).toBe('12345');
    expect(csvNumber(42.5, 'fr')).toBe('42,5');
    expect(csvNumber(42.5, 'en')).toBe('42.5');
    expect(field(1234.5, 'fr')).toBe('1234,5');
    // The English decimal point needs no quotes with ","; the French comma none with ";".
    expect(toCsv(['n'], [[1234.5]], 'en')).toBe(`${BOM}n\r\n1234.5\r\n`);
  });
});

describe('the shared numbers of the screen and its CSV', () => {
  it('writes a share as a percentage, a no-break space before % in French', () => {
    expect(formatShare(7, 8, 'fr')).toBe('87,5\u00a0%');
    expect(formatShare(7, 8, 'en')).toBe('87.5%');
    expect(formatShare(1, 3, 'fr')).toBe('33,3\u00a0%');
    expect(formatShare(4, 4, 'fr')).toBe('100\u00a0%');
    expect(formatShare(0, 0, 'fr')).toBeNull();
  });

  it('writes days with one decimal', () => {
    expect(formatOneDecimal(42, 'fr')).toBe('42,0');
    expect(formatOneDecimal(42.46, 'en')).toBe('42.5');
    expect(formatOneDecimal(1234.5, 'fr')).toBe('1\u00a0234,5');
    expect(formatOneDecimal(1234.5, 'en')).toBe('1,234.5');
  });
});
