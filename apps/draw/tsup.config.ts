import { appConfig } from '../../tsup.app';

export default appConfig();
