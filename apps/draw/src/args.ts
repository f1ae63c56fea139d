/** The command-line parser both apps share (Node's `util.parseArgs`, typed option specs). */
export { formatOptions, parseArgs, UsageError, type OptionSpec, type ParsedArgs } from '../../../scripts/cli/options';
