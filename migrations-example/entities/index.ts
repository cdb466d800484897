import { Post } from './post';
import { Role } from './role';
import { User } from './user';
import { UserRole } from './user-role';

export { Post, Role, User, UserRole };
export const entities = [User, Post, Role, UserRole];
