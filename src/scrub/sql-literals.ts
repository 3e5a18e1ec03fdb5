// Literal values in SQL written by hand. A statement that binds its values (`$1`, `?`, `:name`,
// `@name`) is exported as the instrumentation recorded it: the values travel apart and never
// reach a span, and the database conventions ask that such text be kept whole. A statement
// with its values written into it (`INSERT ... VALUES ('alice', 'hunter2')`, `WHERE id = 42`)
// has every string and number replaced by `?` before export, as the conventions ask of
// non-parameterised text: a password in a VALUES list has no key name in front of it that the
// value rules could recognise. Identifiers, keywords, comments and placeholders stay.
//
// A small lexer, not a parser: it knows quoting (strings, quoted identifiers, PostgreSQL's
// dollar quotes), comments, numbers and placeholders, which is all it takes to tell a literal
// from the rest.

/**
 * db.system.name (and the older db.system) values whose statements are SQL, or CQL, with the
 * client names knex reports for the dialects it does not map (`mysql2`, `oracledb`, ...).
 */
const SQL_SYSTEMS = new Set([
  'postgresql', 'cockroachdb', 'mysql', 'mariadb', 'microsoft.sql_server', 'mssql', 'sqlite',
  'oracle.db', 'oracle', 'ibm.db2', 'db2', 'other_sql', 'h2', 'trino', 'clickhouse',
  'gcp.spanner', 'spanner', 'snowflake', 'cassandra', 'hsqldb', 'derby', 'firebird', 'sybase',
  'mysql2', 'pgnative', 'redshift', 'oracledb', 'tedious', 'better-sqlite3', 'postgres',
]);

/** MySQL and MariaDB read "text" as a string (unless ANSI_QUOTES), and \ escapes in strings. */
const MYSQL_DIALECTS = new Set(['mysql', 'mariadb', 'mysql2']);
/** `$1` placeholders and `$tag$ ... $tag$` strings; `:` starts casts (`::text`) and slices. */
const POSTGRES_DIALECTS = new Set(['postgresql', 'cockroachdb', 'pgnative', 'redshift', 'postgres']);
/**
 * The characters that start a named placeholder (`:name`, `@name`) in each dialect that has
 * them; where a dialect uses the character otherwise (MySQL's @variables), none. Any other SQL:
 * both.
 */
const NAMED_PLACEHOLDERS: Record<string, string> = {
  postgresql: '', cockroachdb: '', pgnative: '', redshift: '', mysql: '', mariadb: '', mysql2: '',
  'microsoft.sql_server': '@', mssql: '@', tedious: '@', sybase: '@', 'oracle.db': ':', oracle: ':', oracledb: ':', cassandra: ':',
};

export function isSqlSystem(system: unknown): boolean {
  return typeof system === 'string' && SQL_SYSTEMS.has(system);
}

const PLACEHOLDER = '?';

/**
 * The statement with its literals replaced by `?`, or the same string when it binds its values
 * or has no literal. `system` is the statement's db.system.name.
 */
export function withoutSqlLiterals(statement: string, system: string): string {
  const mysql = MYSQL_DIALECTS.has(system);
  const postgres = POSTGRES_DIALECTS.has(system);
  const namedPlaceholders = NAMED_PLACEHOLDERS[system] ?? ':@';
  let output = '';
  let copiedUpTo = 0;
  let replaced = false;
  const length = statement.length;
  let index = 0;
  const replace = (start: number, end: number) => {
    output += statement.slice(copiedUpTo, start) + PLACEHOLDER;
    copiedUpTo = end;
    replaced = true;
  };

  while (index < length) {
    const character = statement[index]!;
    const next = statement[index + 1];
    if (character === "'" || (character === '"' && mysql)) {
      // A string's prefix letter goes with it: E'...', N'...', X'...', B'...'. Backslashes
      // escape in MySQL's strings and in PostgreSQL's E'...' only.
      const prefix = index > 0 && /[ENXBenxb]/.test(statement[index - 1]!) && !isIdentifierCharacter(statement[index - 2]) ? statement[index - 1]! : '';
      const end = quotedEnd(statement, index, character, mysql || prefix === 'E' || prefix === 'e');
      replace(index - prefix.length, end);
      index = end;
    } else if (character === '"' || character === '`') {
      index = quotedEnd(statement, index, character, false);
    } else if (character === '[' && !postgres) {
      // SQL Server's [quoted identifier]; in PostgreSQL a bracket is an array subscript.
      const close = statement.indexOf(']', index + 1);
      index = close === -1 ? length : close + 1;
    } else if (character === '-' && next === '-') {
      const newline = statement.indexOf('\n', index + 2);
      index = newline === -1 ? length : newline + 1;
    } else if (character === '/' && next === '*') {
      const close = statement.indexOf('*/', index + 2);
      index = close === -1 ? length : close + 2;
    } else if (character === '$' && next !== undefined && isDigit(next)) {
      return statement; // $1: bound values
    } else if (character === '$' && postgres) {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(statement.slice(index, index + 64))?.[0];
      if (tag === undefined) {
        index++;
        continue;
      }
      const close = statement.indexOf(tag, index + tag.length);
      const end = close === -1 ? length : close + tag.length;
      replace(index, end);
      index = end;
    } else if (character === '?' && !postgres) {
      return statement; // ?: bound values (in PostgreSQL, a JSON operator)
    } else if (namedPlaceholders.includes(character) && next !== undefined && (isIdentifierStart(next) || isDigit(next)) && statement[index - 1] !== character) {
      return statement; // :name, :1 or @name: bound values (a ::cast or @@variable is none)
    } else if (isDigit(character) || (character === '.' && next !== undefined && isDigit(next))) {
      const end = numberEnd(statement, index);
      replace(index, end);
      index = end;
    } else if (isIdentifierCharacter(character)) {
      // Keywords and names, digits in them included (t1, col_2): never a number.
      index = identifierEnd(statement, index);
    } else {
      index++;
    }
  }
  return replaced ? output + statement.slice(copiedUpTo) : statement;
}

/** The index after a quoted run that opens at `start`; a doubled quote is one inside it. */
function quotedEnd(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let index = start + 1;
  while (index < text.length) {
    const character = text[index];
    if (backslashEscapes && character === '\\') index += 2;
    else if (character === quote && text[index + 1] === quote) index += 2;
    else if (character === quote) return index + 1;
    else index++;
  }
  // An unclosed string runs to the end: everything after its quote is masked.
  return text.length;
}

function numberEnd(text: string, start: number): number {
  if (text[start] === '0' && (text[start + 1] === 'x' || text[start + 1] === 'X')) {
    let index = start + 2;
    while (index < text.length && /[0-9a-fA-F]/.test(text[index]!)) index++;
    return index;
  }
  let index = start;
  while (index < text.length && (isDigit(text[index]!) || text[index] === '.')) index++;
  if ((text[index] === 'e' || text[index] === 'E') && /^[+-]?\d/.test(text.slice(index + 1, index + 3))) {
    index += text[index + 1] === '+' || text[index + 1] === '-' ? 2 : 1;
    while (index < text.length && isDigit(text[index]!)) index++;
  }
  return index;
}

function identifierEnd(text: string, start: number): number {
  let index = start;
  while (index < text.length && isIdentifierCharacter(text[index])) index++;
  return index;
}

function isDigit(character: string): boolean {
  return character >= '0' && character <= '9';
}

function isIdentifierStart(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return /\p{L}/u.test(character);
}

function isIdentifierCharacter(character: string | undefined): boolean {
  if (character === undefined) return false;
  const code = character.charCodeAt(0);
  // Letters, digits, _ and $ (PostgreSQL and Oracle names), # (SQL Server's temporary tables).
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 36 || code === 35;
  return /[\p{L}\p{N}]/u.test(character);
}
