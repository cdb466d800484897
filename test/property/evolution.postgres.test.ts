import { describeEvolutions } from './evolution';

describeEvolutions('postgres');
