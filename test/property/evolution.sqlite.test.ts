import { describeEvolutions } from './evolution';

describeEvolutions('sqlite');
