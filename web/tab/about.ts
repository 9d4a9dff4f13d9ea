// The about page is static; it joins Teams for the theme and offers the area picker like the rest.
import { busy, setUpPage } from './common.ts';

void setUpPage().finally(() => busy(false));
